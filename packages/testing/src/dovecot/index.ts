export {
  DOVECOT_INSTALL_HINT,
  type DovecotOptions,
  type DovecotUser,
  dovecotBinary,
  startDovecot,
  type TestDovecot,
} from "./start-dovecot.ts";
