import sharp from "sharp";
import { ChatError } from "../chat/errors";

/** Larger images are refused: decoding one must not take the server's memory (about 4 bytes a pixel). */
const MAX_PIXELS = 50_000_000;
const THUMBNAIL_EDGE = 480;

// libvips' own cache keeps decoded images around for reuse; a chat server rarely sees one twice.
sharp.cache(false);

export interface CleanImage {
  width: number;
  height: number;
  /** Bytes of the cleaned copy. */
  size: number;
}

/**
 * Writes a copy of the image at `input` to `output`: turned upright by its EXIF orientation, then
 * without any metadata (EXIF, GPS positions, XMP, comments), in the same format, animation kept.
 * A file that does not decode as an image is refused (415): it said it was one.
 */
export async function cleanImage(input: string, output: string, type: string): Promise<CleanImage> {
  try {
    const animated = type === "image/gif" || type === "image/webp";
    let image = sharp(input, { limitInputPixels: MAX_PIXELS, animated, failOn: "error" }).autoOrient();
    // Output in the input's format; sharp writes no metadata unless asked to.
    if (type === "image/jpeg") image = image.jpeg({ quality: 90, mozjpeg: true });
    else if (type === "image/png") image = image.png();
    else if (type === "image/gif") image = image.gif();
    else image = image.webp({ quality: 90 });
    const info = await image.toFile(output);
    // Animated frames are stacked: the height of one frame is the page height.
    return { width: info.width, height: info.pageHeight ?? info.height, size: info.size };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new ChatError("payload_too_large", `This image is too large: ${MAX_PIXELS / 1_000_000} megapixels at most`);
    }
    throw new ChatError("unsupported_media_type", "This image could not be read");
  }
}

/** A small WebP of the (cleaned) image, at most 480 px on its longer side: what the log shows. */
export async function makeThumbnail(input: string, output: string): Promise<void> {
  await sharp(input, { limitInputPixels: MAX_PIXELS })
    .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75 })
    .toFile(output);
}

/** A profile photo: upright, cropped square around its most interesting part, 256 px, WebP, no metadata. */
export async function squarePhoto(input: string, output: string): Promise<void> {
  try {
    await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: "error" })
      .autoOrient()
      .resize(256, 256, { fit: "cover", position: sharp.strategy.attention })
      .webp({ quality: 85 })
      .toFile(output);
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new ChatError("payload_too_large", `This image is too large: ${MAX_PIXELS / 1_000_000} megapixels at most`);
    }
    throw new ChatError("unsupported_media_type", "This image could not be read");
  }
}
