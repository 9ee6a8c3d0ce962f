import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p>That page does not exist, or it is not yours to see.</p>
      <Link href="/" className="text-blue-700 underline dark:text-blue-300">
        Back to People
      </Link>
    </main>
  );
}
