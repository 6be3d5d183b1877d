import { crc32, deflateSync } from 'node:zlib';

/**
 * Turns Xvfb's framebuffer file (XWD, written by `Xvfb -fbdir`) into a PNG with Node's zlib alone,
 * so the screenshot needs neither xwd (x11-apps) nor ImageMagick on the CI machine, nor a PNG
 * package in package.json. Only what Xvfb writes for a 24-bit screen is supported (ZPixmap,
 * TrueColor, 24 or 32 bits per pixel); anything else is an error that says so.
 */

export interface RgbImage {
  width: number;
  height: number;
  /** 3 bytes per pixel, row after row, no padding. */
  rgb: Buffer;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const XWD_FILE_VERSION = 7;
const Z_PIXMAP = 2;
const TRUE_COLOR = 4;
const DIRECT_COLOR = 5;
const LSB_FIRST = 0;

export function decodeXwd(xwd: Buffer): RgbImage {
  if (xwd.length < 100) throw new Error(`not an XWD file: ${xwd.length} bytes is shorter than its header`);
  // The header is 25 big-endian 32-bit fields whatever the machine's byte order.
  const field = (i: number) => xwd.readUInt32BE(i * 4);
  const [headerSize, version, format, width, height] = [field(0), field(1), field(2), field(4), field(5)];
  const [byteOrder, bitsPerPixel, bytesPerLine, visualClass] = [field(7), field(11), field(12), field(13)];
  const masks = [field(14), field(15), field(16)];
  const colormapEntries = field(19);
  if (version !== XWD_FILE_VERSION) throw new Error(`not an XWD file (version ${version}, expected 7)`);
  if (format !== Z_PIXMAP || (visualClass !== TRUE_COLOR && visualClass !== DIRECT_COLOR)) {
    throw new Error(`XWD pixmap format ${format}, visual class ${visualClass}: only ZPixmap TrueColor is supported`);
  }
  if (bitsPerPixel !== 24 && bitsPerPixel !== 32) {
    throw new Error(`XWD with ${bitsPerPixel} bits per pixel: start Xvfb with a 24-bit screen (-screen 0 WxHx24)`);
  }
  // Pixels follow the header (which includes the window name) and 12 bytes per colormap entry.
  const dataStart = headerSize + colormapEntries * 12;
  if (xwd.length < dataStart + bytesPerLine * height) {
    throw new Error(`XWD file is truncated: ${xwd.length} bytes for a ${width}x${height} image`);
  }

  const channels = masks.map((mask) => {
    const shift = mask === 0 ? 0 : 31 - Math.clz32(mask & -mask);
    const max = mask >>> shift;
    return { mask, shift, max: max === 0 ? 1 : max };
  });
  const bytesPerPixel = bitsPerPixel / 8;
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataStart + y * bytesPerLine;
    for (let x = 0; x < width; x++) {
      const at = row + x * bytesPerPixel;
      const pixel =
        bytesPerPixel === 4
          ? byteOrder === LSB_FIRST
            ? xwd.readUInt32LE(at)
            : xwd.readUInt32BE(at)
          : byteOrder === LSB_FIRST
            ? xwd.readUIntLE(at, 3)
            : xwd.readUIntBE(at, 3);
      const out = (y * width + x) * 3;
      channels.forEach(({ mask, shift, max }, c) => {
        rgb[out + c] = Math.round((((pixel & mask) >>> shift) * 255) / max);
      });
    }
  }
  return { width, height, rgb };
}

/** The smallest box holding every pixel that differs from the top-left one (the bare root window). */
export function contentBox(image: RgbImage): Box | null {
  const { width, height, rgb } = image;
  let [minX, minY, maxX, maxY] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      if (rgb[at] !== rgb[0] || rgb[at + 1] !== rgb[1] || rgb[at + 2] !== rgb[2]) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/** `box` grown by `margin` on every side, kept inside the image. */
export function crop(image: RgbImage, box: Box, margin = 0): RgbImage {
  const x0 = Math.max(0, box.x - margin);
  const y0 = Math.max(0, box.y - margin);
  const x1 = Math.min(image.width, box.x + box.width + margin);
  const y1 = Math.min(image.height, box.y + box.height + margin);
  const width = x1 - x0;
  const rgb = Buffer.alloc(width * (y1 - y0) * 3);
  for (let y = y0; y < y1; y++) {
    image.rgb.copy(rgb, (y - y0) * width * 3, (y * image.width + x0) * 3, (y * image.width + x1) * 3);
  }
  return { width, height: y1 - y0, rgb };
}

export function encodePng(image: RgbImage): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  // bytes 10-12 stay 0: deflate, adaptive filtering, no interlace
  const stride = image.width * 3;
  const rows = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    // Each row starts with its filter type; 0 (none) is enough for a screenshot this size.
    image.rgb.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
