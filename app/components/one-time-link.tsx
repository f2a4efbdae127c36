import { useState } from "react";
import { useScripted } from "~/utils/hydration";

/**
 * A link shown once (an invite, a password reset): a read-only field to select and copy, and with
 * JavaScript a Copy button beside it (issue #19 item 13). Without JavaScript there is no button that
 * would do nothing; focusing the field selects it for the keyboard's copy.
 */
export function OneTimeLink({ id, link }: { id: string; link: string }) {
  const canCopy = useScripted();
  // Which link was copied: a new link shows "Copy" again.
  const [copiedLink, setCopiedLink] = useState<string | null>(null);
  const copied = copiedLink === link;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Copy this link now: it is shown only once.
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          // Shown once, in the answer to a submit: the cursor lands in it, selected, ready to copy.
          autoFocus
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full min-w-0 rounded border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm"
        />
        {canCopy ? (
          <button
            type="button"
            aria-live="polite"
            onClick={() =>
              navigator.clipboard?.writeText(link).then(
                () => setCopiedLink(link),
                () => setCopiedLink(null),
              )
            }
            className="shrink-0 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
          >
            {copied ? "Copied" : "Copy"}
          </button>
        ) : null}
      </div>
    </div>
  );
}
