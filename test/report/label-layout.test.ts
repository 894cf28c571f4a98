import { describe, expect, it } from 'vitest';
import { spreadLabels, type LabelFrame } from '../../src/report/figures/label-layout.js';

// 1 data unit = 100 px on both axes, so the default spacing is 0.12 (line) by 0.70 (width).
const frame: LabelFrame = { xDomain: [0, 1], yDomain: [0, 1], width: 100, height: 100 };

describe('spreadLabels', () => {
  it('the doc example: a label 1 px above another is lifted one line above it', () => {
    const ys = spreadLabels([{ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.51 }], frame);
    expect(ys[0]).toBe(0.5);
    expect(ys[1]).toBeCloseTo(0.62, 12);
  });

  it('leaves labels that do not touch where their points are', () => {
    const anchors = [
      { x: 0.1, y: 0.1 },
      { x: 0.1, y: 0.3 }, // a line and more above the first
      { x: 0.9, y: 0.1 }, // beside the first, beyond a label's width
    ];
    expect(spreadLabels(anchors, frame)).toEqual([0.1, 0.3, 0.1]);
  });

  it('a label exactly one line above another stays', () => {
    expect(spreadLabels([{ x: 0, y: 0.2 }, { x: 0, y: 0.32 }], frame)).toEqual([0.2, 0.32]);
  });

  it('stacks a crowd upwards from its lowest point and answers in input order', () => {
    const ys = spreadLabels([{ x: 0.5, y: 0.52 }, { x: 0.5, y: 0.5 }, { x: 0.51, y: 0.5 }], frame);
    // Lowest first; equal heights keep input order: index 1 stays, index 2 goes one line up, index 0 two.
    expect(ys[1]).toBe(0.5);
    expect(ys[2]).toBeCloseTo(0.62, 12);
    expect(ys[0]).toBeCloseTo(0.74, 12);
  });

  it('a label lifted clear of one that lands on another clears that one too', () => {
    // A stays; C (second lowest) is lifted above A; B, lifted above A, lands on C's line and goes above C.
    const ys = spreadLabels([{ x: 0, y: 0 }, { x: 0.2, y: 0.05 }, { x: 0.5, y: 0.03 }], frame);
    expect(ys[0]).toBe(0);
    expect(ys[2]).toBeCloseTo(0.12, 12);
    expect(ys[1]).toBeCloseTo(0.24, 12);
  });

  it('measures overlap in pixels: the same data spread over more pixels needs no lift', () => {
    const anchors = [{ x: 0, y: 0.5 }, { x: 0, y: 0.55 }];
    expect(spreadLabels(anchors, frame)[1]).toBeCloseTo(0.62, 12);
    expect(spreadLabels(anchors, { ...frame, height: 400 })[1]).toBe(0.55);
  });

  it('takes its spacing as a parameter', () => {
    expect(spreadLabels([{ x: 0, y: 0 }, { x: 0, y: 0.01 }], frame, { lineHeight: 20, labelWidth: 10 })[1]).toBeCloseTo(0.2, 12);
    expect(spreadLabels([], frame)).toEqual([]);
  });
});
