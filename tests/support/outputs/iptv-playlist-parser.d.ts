// iptv-playlist-parser (iptv-org's M3U parser) ships no types: the fields the tests read.
declare module 'iptv-playlist-parser' {
  export interface PlaylistItem {
    name: string;
    url: string;
    tvg: { id: string; name: string; logo: string; url: string };
    group: { title: string };
  }
  export interface Playlist {
    header: { attrs: Record<string, string>; raw: string };
    items: PlaylistItem[];
  }
  const parser: { parse(content: string): Playlist };
  export default parser;
}
