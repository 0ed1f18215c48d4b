// The value axis of our charts from d3-scale: a "nice" domain just above the data and round ticks (0, 50, 100,
// …), never the hand-divided quarters (63, 126, 189, 252) we had. Counts get whole-number ticks only.
import { scaleLinear } from 'd3-scale';

export interface ValueAxis {
  /** The top of the axis (the nice maximum, ≥ every value). */
  max: number;
  ticks: number[];
}

export function valueAxis(values: number[], wanted = 5): ValueAxis {
  const top = Math.max(0, ...values);
  const integers = values.every(Number.isInteger);
  if (top === 0) return { max: integers ? 4 : 1, ticks: integers ? [0, 1, 2, 3, 4] : [0, 0.5, 1] };
  // An axis of counts never shows fractional steps: at most one tick per whole number.
  const count = integers ? Math.min(wanted, Math.ceil(top)) : wanted;
  const scale = scaleLinear().domain([0, top]).nice(count);
  const ticks = scale.ticks(count).filter((tick) => !integers || Number.isInteger(tick));
  const max = scale.domain()[1]!;
  return { max, ticks };
}
