// Card action ids: the card builders put them in button values and the router routes on them, so
// both sides use these constants and a typo cannot silently break a button.
export const ACTIONS = {
  submitFigures: "figures.submit",
  editFigures: "figures.edit",
  publishBulletin: "bulletin.publish",
  editNarrative: "bulletin.edit-text",
  saveNarrative: "bulletin.save-text",
  cancelNarrative: "bulletin.cancel-text",
  explainFinding: "finding.explain",
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
