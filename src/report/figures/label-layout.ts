/**
 * Placement of point labels in a scatter so that no two overlap: Vega-Lite draws text marks where
 * the data puts them, and points a few ten-thousandths apart (edge32 and zero32 on MNIST) would
 * print their names on top of each other.
 */

/** A label anchored at a point, in data units. */
export interface LabelAnchor {
  x: number;
  y: number;
}

/** The plot's data domains and size in pixels, to measure overlaps where they are seen. */
export interface LabelFrame {
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  width: number;
  height: number;
}

/** Spacing of labels in pixels: one text line, and the width a short variant name takes. */
export interface LabelSpacing {
  lineHeight: number;
  labelWidth: number;
}

const DEFAULT_SPACING: LabelSpacing = { lineHeight: 12, labelWidth: 70 };

/**
 * The y (in data units) at which to draw each label: at its point unless a label already placed
 * lower down would overlap it, in which case just above that label. Labels are placed from the
 * lowest point up, so each moves only upwards and only as far as needed; the x positions stay.
 *
 * @example
 * const frame = { xDomain: [0, 1], yDomain: [0, 1], width: 100, height: 100 } as const;
 * spreadLabels([{ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.51 }], frame); // [0.5, 0.62]
 */
export function spreadLabels(anchors: readonly LabelAnchor[], frame: LabelFrame, spacing: LabelSpacing = DEFAULT_SPACING): number[] {
  const xPerPx = (frame.xDomain[1] - frame.xDomain[0]) / frame.width;
  const yPerPx = (frame.yDomain[1] - frame.yDomain[0]) / frame.height;
  const gapY = spacing.lineHeight * yPerPx;
  const gapX = spacing.labelWidth * xPerPx;
  const order = anchors.map((_, i) => i).sort((a, b) => anchors[a]!.y - anchors[b]!.y || a - b);
  const placed: Array<{ x: number; y: number }> = [];
  const ys = new Array<number>(anchors.length);
  for (const i of order) {
    const { x } = anchors[i]!;
    let y = anchors[i]!.y;
    // Raise past every placed label it would touch; repeat, since rising may reach another one.
    for (let moved = true; moved; ) {
      moved = false;
      for (const p of placed) {
        if (Math.abs(p.x - x) < gapX && Math.abs(p.y - y) < gapY * (1 - 1e-9)) {
          y = p.y + gapY;
          moved = true;
        }
      }
    }
    placed.push({ x, y });
    ys[i] = y;
  }
  return ys;
}
