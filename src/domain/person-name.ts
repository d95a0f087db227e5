// A person's name as the platform gave it (an @mention, a directory lookup), made safe to store and to
// put into a text message's <at> tag. The workspace file refuses such names outright
// (src/import/workspace-file.ts); a name from Feishu cannot be refused, so it is cleaned: a text
// message reads "</at><at user_id=\"all\">" inside a name as markup (an @everyone in the work group),
// and bidi overrides or zero-width characters make a name read as another.

const INVISIBLE = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const MARKUP = /[<>[\]"&]/g;
export const PERSON_NAME_MAX = 30;

export function plainPersonName(name: string): string {
  return [...name.replace(INVISIBLE, "").replace(MARKUP, "").trim()].slice(0, PERSON_NAME_MAX).join("");
}

/** The <at> tag of a text message (§1.8), with the name cleaned as above. */
export function textMention(openId: string, name: string): string {
  return `<at user_id="${openId.replace(MARKUP, "")}">${plainPersonName(name)}</at>`;
}
