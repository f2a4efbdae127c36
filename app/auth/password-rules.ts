// Password length rules, importable by UI code (no hashing library here).
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
