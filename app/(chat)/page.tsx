export default function HomePage() {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-center text-slate-600 dark:text-slate-300">
      <div>
        <h1 className="mb-2 text-xl font-semibold text-slate-900 dark:text-slate-100">Welcome</h1>
        <p>Pick a chat, or find someone by name to start one.</p>
      </div>
    </div>
  );
}
