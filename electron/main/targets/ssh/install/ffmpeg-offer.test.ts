import { describe, expect, it } from 'vitest';
import { ffmpegOffer } from './ffmpeg-offer';
import { parsePlatform } from './remote-platform';

const platform = (lines: string[]) => parsePlatform(['os=Linux', 'machine=x86_64', 'home=/home/ana', ...lines].join('\n'));

describe('the FFmpeg offer', () => {
  it('gives the exact apt command, with sudo for a normal user and without for root', () => {
    expect(ffmpegOffer(platform(['uid=1000', 'has=apt-get', 'has=sudo']))).toEqual({
      command: 'sudo apt-get update && sudo apt-get install -y ffmpeg',
      canRun: true,
    });
    expect(ffmpegOffer(platform(['uid=0', 'has=apt-get'])).command).toBe('apt-get update && apt-get install -y ffmpeg');
  });

  it('gives the dnf command with the RPM Fusion note, and cannot run it without sudo', () => {
    expect(ffmpegOffer(platform(['uid=1000', 'has=dnf']))).toEqual({
      command: 'sudo dnf install -y ffmpeg',
      canRun: false,
      note: expect.stringContaining('RPM Fusion'),
    });
  });

  it('says what to do when it knows no package manager', () => {
    expect(ffmpegOffer(platform(['uid=1000']))).toMatchObject({
      command: null,
      canRun: false,
      note: expect.stringContaining('static build'),
    });
  });
});
