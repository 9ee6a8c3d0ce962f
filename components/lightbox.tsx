"use client";

import { useEffect, useRef, useState } from "react";
import type { Attachment } from "@/lib/chat/types";

/**
 * An image at full size in a modal dialog: Escape or Close leaves (the focus goes back to its
 * thumbnail), ← and → go through the message's images.
 */
export function Lightbox({ images, start, onClose }: { images: readonly Attachment[]; start: number; onClose: (last: number) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(start);
  const image = images[index];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  if (!image) return null;
  // Closed before handing back, so the focus may leave the modal for the thumbnail.
  const close = () => {
    dialog.current?.close();
    onClose(index);
  };
  const step = (by: number) => setIndex((i) => (i + by + images.length) % images.length);
  return (
    <dialog
      ref={dialog}
      aria-label={image.name}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={(event) => {
        if (images.length < 2) return;
        if (event.key === "ArrowRight") step(1);
        else if (event.key === "ArrowLeft") step(-1);
        else return;
        event.preventDefault();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) close();
      }}
      className="m-auto max-h-none max-w-none bg-transparent p-0 backdrop:bg-slate-950/90"
    >
      <div className="flex h-dvh w-screen flex-col items-center justify-center gap-2 p-4 text-white">
        <div className="flex w-full max-w-5xl items-center justify-between gap-2">
          <p className="min-w-0 truncate text-sm">
            <bdi>{image.name}</bdi>
            {images.length > 1 && (
              <span className="ml-2 opacity-80">
                {index + 1} of {images.length}
              </span>
            )}
          </p>
          <span className="flex shrink-0 gap-2">
            <a href={image.url} download={image.name} className="flex min-h-11 items-center rounded-md px-3 underline">
              Download
            </a>
            <button type="button" autoFocus onClick={close} className="min-h-11 rounded-md bg-white/15 px-4 font-medium hover:bg-white/25">
              Close
            </button>
          </span>
        </div>
        <img
          src={image.url}
          alt={image.name}
          width={image.width}
          height={image.height}
          className="max-h-[calc(100dvh-7rem)] w-auto max-w-full object-contain"
        />
        {images.length > 1 && (
          <div className="flex gap-2">
            <button type="button" onClick={() => step(-1)} className="min-h-11 rounded-md bg-white/15 px-4 hover:bg-white/25">
              ← Previous
            </button>
            <button type="button" onClick={() => step(1)} className="min-h-11 rounded-md bg-white/15 px-4 hover:bg-white/25">
              Next →
            </button>
          </div>
        )}
      </div>
    </dialog>
  );
}
