// A module with no app in it.
export const answer = 42
