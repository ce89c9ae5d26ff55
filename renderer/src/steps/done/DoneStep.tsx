// Step 5: the result per drive, and what to do next.

export function DoneStep() {
  return (
    <section aria-labelledby="done-title">
      <h1 id="done-title">Done</h1>
    </section>
  );
}
