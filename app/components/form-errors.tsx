import { useTakesFocus } from "./ui";

/**
 * A refusal of the form as a whole (apart from field.tsx, which brings Conform: pages without a live
 * form use this alone, issue #18). It takes the focus (issue #19: after a submit the focus goes to the
 * first error), unless the page puts the cursor where the retry is typed (`takeFocus={false}`).
 */
export function FormErrors({ errors, id, takeFocus = true }: { errors?: string[]; id?: string; takeFocus?: boolean }) {
  const focus = useTakesFocus<HTMLDivElement>(takeFocus && !!errors?.length, errors?.join(" "));
  if (!errors?.length) return null;
  return (
    <div
      id={id}
      role="alert"
      {...focus}
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 focus:outline-none"
    >
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
