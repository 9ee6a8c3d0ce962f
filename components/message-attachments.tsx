"use client";

import { useRef, useState } from "react";
import type { Attachment } from "@/lib/chat/types";
import { formatSize } from "@/lib/client/uploads";
import { Lightbox } from "./lightbox";

/** The longer side of an image in the log, in CSS pixels. */
const SHOWN_EDGE = 240;

function shownSize(a: Attachment): { width: number; height: number } {
  const width = a.width ?? SHOWN_EDGE;
  const height = a.height ?? SHOWN_EDGE;
  const scale = Math.min(1, SHOWN_EDGE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** "PDF", "ZIP", else the type's last part: what kind of file a card is. */
function kindOf(a: Attachment): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(a.name)?.[1];
  return (extension ?? a.type.split("/").at(-1) ?? "file").toUpperCase();
}

/**
 * A message's files: images as thumbnails that keep their proportions and reserve their space
 * before loading (width and height are known from the upload), opening large in a lightbox; other
 * files as cards whose link downloads them, its name starting with the file's.
 */
export function MessageAttachments({ attachments, mine }: { attachments: readonly Attachment[]; mine: boolean }) {
  const images = attachments.filter((a) => a.thumbnailUrl);
  const files = attachments.filter((a) => !a.thumbnailUrl);
  const [open, setOpen] = useState<number | null>(null);
  const openers = useRef<(HTMLButtonElement | null)[]>([]);
  return (
    <div className="mb-1 flex flex-col gap-1">
      {images.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {images.map((image, index) => {
            const size = shownSize(image);
            return (
              <button
                key={image.id}
                ref={(element) => {
                  openers.current[index] = element;
                }}
                type="button"
                onClick={() => setOpen(index)}
                className="block overflow-hidden rounded-lg bg-slate-200 dark:bg-slate-700"
                style={{ width: size.width, maxWidth: "100%", aspectRatio: `${size.width} / ${size.height}` }}
              >
                <img src={image.thumbnailUrl} alt={image.name} width={size.width} height={size.height} loading="lazy" decoding="async" className="h-full w-full object-cover" />
              </button>
            );
          })}
        </div>
      )}
      {files.map((file) => (
        <a
          key={file.id}
          href={file.url}
          download={file.name}
          className={`flex max-w-full items-center gap-2 rounded-lg px-2 py-1.5 ${mine ? "bg-blue-800 text-white" : "bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100"}`}
        >
          <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-md bg-slate-500 text-[10px] font-bold text-white">
            {kindOf(file).slice(0, 4)}
          </span>
          <span className="flex min-w-0 flex-col">
            <bdi className="truncate text-sm font-medium underline">{file.name}</bdi>
            <span className="text-xs opacity-90">
              <span className="sr-only">, </span>
              {kindOf(file)} · {formatSize(file.size)}
              <span className="sr-only">, download</span>
            </span>
          </span>
        </a>
      ))}
      {open !== null && (
        <Lightbox
          images={images}
          start={open}
          onClose={(last) => {
            setOpen(null);
            openers.current[last]?.focus();
          }}
        />
      )}
    </div>
  );
}
