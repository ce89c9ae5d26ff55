// Says plainly that a step's engine part is not in this build, instead of pretending.

export function NotLanded({ what }: { what: string }) {
  return (
    <p role="status" className="notice">
      {what} is not available in this build yet: the engine part for it has not landed.
    </p>
  );
}
