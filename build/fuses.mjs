// Electron fuses flipped into every packaged binary (see after-pack.mjs and docs/packaging.md).
// Names are @electron/fuses' FuseV1Options keys; a test checks each one exists there.
export const FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter. */
  RunAsNode: false,
  /** Cookies and local storage encrypted with the OS keychain key. */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS and --inspect would let anyone inject code into the signed app. */
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  /** The app.asar is checked against the hash embedded at build time (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Load the app only from app.asar, never from a loose folder placed beside it. */
  OnlyLoadAppFromAsar: true,
  /** The renderer is served from app://, so file:// needs no extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
});
