#!/usr/bin/env node
// Draws Vigil's icons (the app icon and the tray's severity dots) as PNGs with no image tooling:
// each pixel is computed, anti-aliased by supersampling, and written with zlib. Run it after
// changing a colour; the PNGs in resources/icons are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function png(size, shade) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const ss = 4; // supersampling per axis
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const [pr, pg, pb, pa] = shade(
            ((x + (sx + 0.5) / ss) / size) * 2 - 1,
            ((y + (sy + 0.5) / ss) / size) * 2 - 1,
          );
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const n = ss * ss;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / n) * 255);
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const CLEAR = [0, 0, 0, 0];

/** The app icon: an open eye (vigil) on a dark disc. */
function eye(x, y) {
  const d = Math.hypot(x, y);
  if (d > 0.94) return CLEAR;
  // Almond: intersection of two circles offset vertically.
  const inAlmond = Math.hypot(x, y - 0.62) < 1.0 && Math.hypot(x, y + 0.62) < 1.0 && Math.abs(x) < 0.78;
  if (Math.hypot(x, y) < 0.2) return [...hex('#1f2937'), 1];
  if (Math.hypot(x, y) < 0.36) return [...hex('#7cb7ff'), 1];
  if (inAlmond) return [...hex('#e5e7eb'), 1];
  return [...hex('#1f2937'), 1];
}

/** A tray dot in a severity colour with a light rim, readable on dark and light panels. */
const dot = (fill) => (x, y) => {
  const d = Math.hypot(x, y);
  if (d > 0.92) return CLEAR;
  if (d > 0.78) return [...hex('#f5f5f5'), 1];
  return [...hex(fill), 1];
};
/** Nothing open: a hollow ring. */
const ring = (x, y) => {
  const d = Math.hypot(x, y);
  return d <= 0.9 && d >= 0.62 ? [...hex('#9aa3ae'), 1] : CLEAR;
};

mkdirSync('resources/icons', { recursive: true });
writeFileSync('resources/icons/icon.png', png(512, eye));
const TRAY = { P0: '#c62828', P1: '#e67e22', P2: '#f0c419', P3: '#5b8fc7' };
for (const [sev, colour] of Object.entries(TRAY)) {
  writeFileSync(`resources/icons/tray-${sev}.png`, png(32, dot(colour)));
}
writeFileSync('resources/icons/tray-ok.png', png(32, ring));
console.log('icons written to resources/icons');
