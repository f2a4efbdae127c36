import { createContext, useContext, type ReactNode } from "react";

// The per-request CSP nonce, handed from entry.server to the <Scripts> in root (empty in the browser,
// which hides nonces from the DOM anyway).
const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
