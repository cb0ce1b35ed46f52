// The privacy notice's version, with no schema around it: the web's application form sends it and
// bundles only this (the schemas and zod stay out of the web's script).

/** The version of the privacy notice an applicant consents to; a new text gets a new version. */
export const privacyNoticeVersion = 'privacy-2026-12';
