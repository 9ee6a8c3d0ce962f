"use client";

/**
 * The shared zod schemas, loaded on first use rather than with the page: the same rules as the
 * server applies, without their weight in every page's first-load JavaScript.
 */
export const loadValidation = () => import("../validation");
