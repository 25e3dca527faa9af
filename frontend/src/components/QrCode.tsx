import qrcode from "qrcode-generator";
import { useMemo } from "react";

/** The dark modules of a QR code as one SVG path in module units (quiet zone excluded). */
export function qrPath(text: string): { size: number; path: string } {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (qr.isDark(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return { size, path: parts.join("") };
}

const QUIET = 4;

/** A QR code drawn as SVG (no canvas, no inline styles), for a phone to scan. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => qrPath(text), [text]);
  const full = size + QUIET * 2;
  return (
    <svg
      className="qr-code"
      viewBox={`${-QUIET} ${-QUIET} ${full} ${full}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect
        x={-QUIET}
        y={-QUIET}
        width={full}
        height={full}
        className="qr-light"
      />
      <path d={path} className="qr-dark" />
    </svg>
  );
}
