// The encoding rule of uploaded spreadsheets, tried on exactly the files that fooled the old
// reader: GBK household lists whose bytes happen to be valid UTF-8.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv, oddCharacters } from '../../src/workflows/csv-encoding.js';

const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Surnames and given-name characters whose GBK bytes are valid UTF-8 (the tester's list). */
const utf8LookingNames = ['谢', '郑', '肖', '袁', '叶', '魏', '姚', '卢', '陆', '石', '毛', '钱', '伟', '强', '平', '志'];

/** A household list with those names only, so that every byte of the GBK file is valid UTF-8. */
const householdList = [
  'name,size',
  '谢伟,3',
  '郑强,2',
  '肖平,1',
  '袁志,4',
  '叶伟,2',
  '魏强,1',
  '姚平,3',
  '卢志,2',
  '陆伟,1',
  '石强,2',
  '毛平,1',
  '钱志,5',
].join('\r\n');

describe('decodeCsv', () => {
  it('reads a GBK household list whose bytes are all valid UTF-8 as GB18030, not as mojibake', () => {
    const bytes = gbk(householdList);
    expect(isValidUtf8(bytes), 'the file must be valid UTF-8 too, or the case is not the hard one').toBe(true);
    expect(new TextDecoder().decode(bytes)).not.toBe(householdList);
    expect(decodeCsv(bytes, undefined)).toEqual({ ok: true, text: householdList, encoding: 'gb18030', how: 'detected' });
  });

  it.each(utf8LookingNames)('reads a one-row GBK file naming only %s as GB18030', (name) => {
    const text = `name,size\r\n${name},1\r\n`;
    const bytes = gbk(text);
    expect(isValidUtf8(bytes)).toBe(true);
    expect(decodeCsv(bytes, undefined)).toMatchObject({ ok: true, text, encoding: 'gb18030' });
  });

  it('reads the same list saved as UTF-8 as UTF-8, with and without a byte order mark', () => {
    expect(decodeCsv(utf8(householdList), undefined)).toEqual({ ok: true, text: householdList, encoding: 'utf-8', how: 'detected' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(householdList)]), undefined)).toEqual({
      ok: true,
      text: householdList,
      encoding: 'utf-8',
      how: 'byte_order_mark',
    });
  });

  it('reads every GB2312 character alone in a GBK file as GB18030 wherever its bytes are valid UTF-8', () => {
    const misread: string[] = [];
    let hard = 0;
    // GB2312's Chinese characters: lead bytes B0 to F7, trail bytes A1 to FE.
    for (let lead = 0xb0; lead <= 0xf7; lead += 1) {
      for (let trail = 0xa1; trail <= 0xfe; trail += 1) {
        const character = iconv.decode(Buffer.from([lead, trail]), 'gb18030');
        if (!/^\p{Script=Han}$/u.test(character)) continue;
        const bytes = gbk(`name\r\n${character}\r\n`);
        if (!isValidUtf8(bytes)) continue;
        hard += 1;
        const decoded = decodeCsv(bytes, undefined);
        if (!decoded.ok || decoded.encoding !== 'gb18030') misread.push(character);
      }
    }
    expect(hard).toBeGreaterThan(200);
    expect(misread).toEqual([]);
  });

  it('keeps UTF-8 text with Latin names, pinyin and a middle dot as UTF-8', () => {
    for (const text of [
      'name,address\r\nJosé,仙林社区 1栋\r\n',
      'name\r\nJosé\r\n',
      'name\r\nLǚ Xiǎomíng\r\n',
      'name\r\n阿依古丽·买买提\r\n',
      'name\r\n김민준\r\n',
      'notes\r\n①号楼，３０２室 ★\r\n',
    ]) {
      expect(decodeCsv(utf8(text), undefined), text).toMatchObject({ ok: true, text, encoding: 'utf-8' });
    }
  });

  it('reads a GBK file that is not valid UTF-8 as GB18030', () => {
    const text = 'name,address\r\n张小明,仙林社区 1栋1单元 101\r\n';
    expect(isValidUtf8(gbk(text))).toBe(false);
    expect(decodeCsv(gbk(text), undefined)).toEqual({ ok: true, text, encoding: 'gb18030', how: 'detected' });
  });

  it('follows the encoding the uploader names, and a byte order mark before that', () => {
    expect(decodeCsv(gbk(householdList), 'gb18030')).toEqual({ ok: true, text: householdList, encoding: 'gb18030', how: 'declared' });
    // Named UTF-8, the GBK bytes are read as UTF-8: what the uploader said, shown in the dry run.
    expect(decodeCsv(gbk(householdList), 'utf-8')).toMatchObject({ ok: true, encoding: 'utf-8', how: 'declared' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), gbk(householdList)]), 'utf-8')).toEqual({
      ok: true,
      text: householdList,
      encoding: 'gb18030',
      how: 'byte_order_mark',
    });
  });

  it('refuses bytes that are not text in the encoding used, and UTF-16', () => {
    const broken = Buffer.concat([utf8('code,name\nrice,'), Buffer.from([0xff]), utf8('\n')]);
    expect(decodeCsv(broken, undefined)).toMatchObject({ ok: false, failure: 'encoding_unknown' });
    expect(decodeCsv(broken, 'utf-8')).toMatchObject({ ok: false, failure: 'utf8_invalid' });
    expect(decodeCsv(broken, 'gb18030')).toMatchObject({ ok: false, failure: 'gb18030_invalid' });
    expect(decodeCsv(Buffer.concat([utf8('name\n'), gbk('谢'), Buffer.from([0xc0, 0xaf])]), 'utf-8')).toMatchObject({
      ok: false,
      failure: 'utf8_invalid',
    });
    expect(decodeCsv(Buffer.from('\uFEFFname\n', 'utf16le'), undefined)).toMatchObject({ ok: false, failure: 'encoding_utf16' });
  });
});

describe('oddCharacters', () => {
  it('counts what a GBK name read as UTF-8 gives, and not what a spreadsheet holds', () => {
    expect(oddCharacters('лΰ')).toBe(2);
    expect(oddCharacters('ë')).toBe(1);
    expect(oddCharacters('ëǿ,3')).toBe(2);
    expect(oddCharacters('José, Lǚ, 张小明, 阿依古丽·买买提, ①, ，')).toBe(0);
    // GBK's 路 (C2 B7) read as UTF-8 is a middle dot with no letters around it.
    expect(oddCharacters('·,1')).toBe(1);
  });
});
