// Text that people typed (a remark, a 上报说明, a 督办 answer) or that came from the workspace file (a
// unit's or a person's name), put into a card's markdown. Card markdown reads tags (<at id=all>,
// <font>, <link>), links and emphasis, so such text is written with the numeric character references
// the platform's markdown decodes (§2.4): it shows as typed and can neither @everyone nor break the
// card. Line breaks become spaces, so a typed "\n# …" cannot start a heading.
const SPECIAL = /[&<>*_~`$[\]()#\\|!-]/g;

export function markdownText(text: string): string {
  return text.replace(/\r\n?|\n/g, " ").replace(SPECIAL, (char) => `&#${char.charCodeAt(0)};`);
}
