import type { Attack } from "../catalogue";

export const directory: Attack[] = [
  { area: "Directory (LDAP)", attack: "A man in the middle answering StartTLS or LDAPS with a certificate for another host (e.g. localhost)", defence: "tlsOptionsFor() checks the certificate against the host of AUTH_LDAP_URI for StartTLS and LDAPS alike", asvs: "9.2.1",
    test: { file: "tests/integration/ldap-tls.test.ts", title: "refuses a certificate made out to another host (localhost) over StartTLS and LDAPS, before any password is sent" } },
];
