import type { Attack } from "../catalogue";

export const directory: Attack[] = [
];
