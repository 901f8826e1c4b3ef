// The engine's hex codec (core/hex), for the client: the packet typed into F5's input box is checked
// by the same rules the adapter will parse it with.
export { formatHex, HexError, isHexText, parseHex } from '../core/hex/index';
