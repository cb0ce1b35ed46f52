// Reading the bytes of an uploaded spreadsheet as text: UTF-8, or GB18030 — what Excel and WPS
// write for "CSV (逗号分隔)" on a Chinese Windows (GBK, of which GB18030 is a superset).
//
// The rule, in order (the Encoding Standard's: a byte order mark outranks a label):
//   1. A byte order mark says it: EF BB BF is UTF-8, 84 31 95 33 is GB18030; FF FE or FE FF is
//      UTF-16 (Excel's "Unicode text"), which is refused with a hint to save as CSV.
//   2. The encoding the uploader names (`charset=` of the upload), if any.
//   3. Otherwise detected. Text that is not valid UTF-8 is GB18030 if it is valid GB18030. Text
//      that is valid in both is not settled by validity: many GBK names are valid UTF-8 by chance
//      (谢 is D0 BB, which UTF-8 reads as "л"; 毛 C3 AB as "ë"), so a household list could pass
//      as UTF-8 and be imported as mojibake. Both readings are then judged by what a Chinese
//      community's spreadsheet holds: ASCII, Chinese characters and their punctuation, kana and
//      hangul, common symbols, Latin letters with accents inside a Latin word ("José", "Lǚ"),
//      and a middle dot between letters (阿依古丽·买买提). Everything else counts as odd:
//      Cyrillic, Greek, Hebrew, IPA, C1 controls, Latin-1 signs, private use, accented letters
//      standing alone ("ë", "ǿ") and a middle dot elsewhere — what GBK names read as UTF-8 give. GB18030 is chosen when its reading has fewer odd characters than
//      UTF-8's; on a tie UTF-8 stays (a real UTF-8 file of Chinese text has no odd character).
// A wrong guess is visible, not silent: the dry run reports the encoding used and the first rows'
// values, and the uploader can name the encoding and check again.
import iconv from 'iconv-lite';

import { csvEncodings, type CsvEncoding } from '@linli/contract';

export { csvEncodings, type CsvEncoding };

/**
 * The `charset` labels an upload may carry, and the decoder each takes. GBK and GB2312 files are
 * read as GB18030, which encodes every GBK and GB2312 character with the same bytes.
 */
const charsetEncodings: Readonly<Record<string, CsvEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
};

/** The encoding a `charset` label names, or undefined for one this service does not read. */
export function encodingOfCharset(label: string): CsvEncoding | undefined {
  return charsetEncodings[label.toLowerCase()];
}

export type CsvDecodingFailure = 'utf8_invalid' | 'gb18030_invalid' | 'encoding_unknown' | 'encoding_utf16';

export type DecodedCsv =
  | { ok: true; text: string; encoding: CsvEncoding; how: 'byte_order_mark' | 'declared' | 'detected' }
  | { ok: false; failure: CsvDecodingFailure; detail: string };

const utf8Mark = Buffer.from([0xef, 0xbb, 0xbf]);
const gb18030Mark = Buffer.from([0x84, 0x31, 0x95, 0x33]);
const utf16Marks = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function asUtf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * iconv-lite writes U+FFFD for bytes that are not GB18030; a file holding U+FFFD itself is
 * garbled already, so either way it is not read as GB18030. The mark is dropped as UTF-8's is.
 */
function asGb18030(bytes: Buffer): string | undefined {
  const text = iconv.decode(bytes, 'gb18030');
  if (text.includes('\uFFFD')) return undefined;
  // iconv-lite strips a byte order mark for the UTF encodings only.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export function decodeCsv(bytes: Buffer, declared: CsvEncoding | undefined): DecodedCsv {
  if (utf16Marks.some((mark) => bytes.subarray(0, 2).equals(mark))) {
    return { ok: false, failure: 'encoding_utf16', detail: 'the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" or "CSV"' };
  }
  const marked: CsvEncoding | undefined = bytes.subarray(0, 3).equals(utf8Mark)
    ? 'utf-8'
    : bytes.subarray(0, 4).equals(gb18030Mark)
      ? 'gb18030'
      : undefined;
  const encoding = marked ?? declared;
  if (encoding !== undefined) {
    const text = encoding === 'utf-8' ? asUtf8(bytes) : asGb18030(bytes);
    if (text === undefined)
      return encoding === 'utf-8'
        ? { ok: false, failure: 'utf8_invalid', detail: 'the file is not valid UTF-8' }
        : { ok: false, failure: 'gb18030_invalid', detail: 'the file is not valid GB18030 (GBK) text' };
    return { ok: true, text, encoding, how: marked === undefined ? 'declared' : 'byte_order_mark' };
  }
  const utf8 = asUtf8(bytes);
  const gb18030 = isAscii(bytes) ? undefined : asGb18030(bytes);
  if (utf8 !== undefined && (gb18030 === undefined || oddCharacters(gb18030) >= oddCharacters(utf8)))
    return { ok: true, text: utf8, encoding: 'utf-8', how: 'detected' };
  if (gb18030 !== undefined) return { ok: true, text: gb18030, encoding: 'gb18030', how: 'detected' };
  return { ok: false, failure: 'encoding_unknown', detail: 'the file is neither UTF-8 nor GB18030 (GBK) text; save it as "CSV UTF-8"' };
}

function isAscii(bytes: Buffer): boolean {
  return bytes.every((byte) => byte < 0x80);
}

/** Blocks of characters a community's spreadsheet plausibly holds, beyond ASCII (inclusive ranges). */
const plausibleBlocks: readonly (readonly [number, number])[] = [
  [0x2010, 0x206f], // general punctuation: dashes, quotes, ellipsis, ※
  [0x2100, 0x218f], // letterlike symbols and number forms: ℃, №, Ⅰ Ⅱ
  [0x2190, 0x21ff], // arrows
  [0x2460, 0x24ff], // enclosed numbers: ① ②
  [0x2500, 0x27bf], // box drawing, shapes, symbols, dingbats: ■ □ ★ ○ √
  [0x3000, 0x303f], // CJK symbols and punctuation: 、。《》【】
  [0x3040, 0x30ff], // kana
  [0x3100, 0x312f], // bopomofo
  [0x3200, 0x33ff], // enclosed CJK letters, CJK compatibility: ㈠ ㎡
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xac00, 0xd7af], // hangul (Korean Chinese write it)
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xffef], // halfwidth and fullwidth forms: ，（）１
  [0x1f300, 0x1faff], // emoji
  [0x20000, 0x3134f], // CJK extensions B to G
];

function isPlausible(codePoint: number): boolean {
  return plausibleBlocks.some(([first, last]) => codePoint >= first && codePoint <= last);
}

/** Latin letters with accents: Latin-1's letters, Latin Extended-A and -B, and the pinyin vowels of Extended Additional. */
function isAccentedLatin(codePoint: number): boolean {
  return (
    (codePoint >= 0x00c0 && codePoint <= 0x024f && codePoint !== 0x00d7 && codePoint !== 0x00f7) ||
    (codePoint >= 0x1e00 && codePoint <= 0x1eff)
  );
}

const asciiLetter = /[A-Za-z]/;

const middleDot = 0x00b7;
const letter = /\p{L}/u;

/** The characters of `text` that a community's spreadsheet would not hold (see the rule above). */
export function oddCharacters(text: string): number {
  const characters = [...text];
  let odd = 0;
  // An accented letter is plausible inside a word (a run of letters) that has an ASCII letter too.
  let accentedInWord = 0;
  let asciiInWord = false;
  const endWord = (): void => {
    if (!asciiInWord) odd += accentedInWord;
    accentedInWord = 0;
    asciiInWord = false;
  };
  for (const [index, character] of characters.entries()) {
    const codePoint = character.codePointAt(0) as number;
    if (asciiLetter.test(character)) {
      asciiInWord = true;
      continue;
    }
    if (isAccentedLatin(codePoint)) {
      accentedInWord += 1;
      continue;
    }
    endWord();
    if (codePoint < 0x80) continue;
    // A middle dot joins the parts of a name (阿依古丽·买买提); alone, it is GBK's 路 read as UTF-8.
    if (codePoint === middleDot) {
      if (!(letter.test(characters[index - 1] ?? '') && letter.test(characters[index + 1] ?? ''))) odd += 1;
      continue;
    }
    if (!isPlausible(codePoint)) odd += 1;
  }
  endWord();
  return odd;
}
