import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { formatCount } from '../shared/format';
import { dayTotals, TrendStack } from './trendStacks';

/**
 * Colours with at least 3:1 contrast against the card (WCAG 1.4.11), one
 * set for light and one for dark themes; neighbours differ in hue.
 */
const PALETTE = {
  light: [
    '#1f5493',
    '#b3261e',
    '#2e7d32',
    '#6a1b9a',
    '#b45309',
    '#00695c',
    '#455a64',
  ],
  dark: [
    '#90caf9',
    '#ef9a9a',
    '#a5d6a7',
    '#ce93d8',
    '#ffcc80',
    '#80cbc4',
    '#b0bec5',
  ],
};

const WIDTH = 700;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 40 };

/** "11-28" of "2026-11-28": the axis has room for month and day. */
const short = (day: string) => day.slice(5);

/** A summary of the chart for screen readers (the svg's label). */
export function trendSummary(
  days: string[],
  stacks: TrendStack[],
  scope: string,
): string {
  const totals = dayTotals(days, stacks);
  const total = totals.reduce((a, b) => a + b, 0);
  const top = totals.indexOf(Math.max(...totals));
  return `Dead letters per day, ${scope}, ${days[0]} to ${
    days[days.length - 1]
  }: ${formatCount(total)} in total, most on ${days[top]} (${formatCount(
    totals[top],
  )}).`;
}

/** Stacked bars, one per day, with a legend; drawn as plain SVG. */
export const TrendChart = (props: {
  days: string[];
  stacks: TrendStack[];
  /** "all squads in dev", "squad-gemini in dev". */
  scope: string;
}) => {
  const { days, stacks, scope } = props;
  const theme = useTheme();
  const colors = PALETTE[theme.palette.type === 'dark' ? 'dark' : 'light'];
  const colorOf = (i: number) => colors[i % colors.length];
  const totals = dayTotals(days, stacks);
  const max = Math.max(1, ...totals);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value: number) => MARGIN.top + plotHeight * (1 - value / max);
  const text = theme.palette.text.secondary;

  return (
    <>
      <svg
        role="img"
        aria-label={trendSummary(days, stacks, scope)}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxHeight: 260, display: 'block' }}
      >
        {[0, max / 2, max].map(tick => (
          <g key={tick} aria-hidden>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke={theme.palette.divider}
            />
            <text
              x={MARGIN.left - 6}
              y={y(tick) + 4}
              textAnchor="end"
              fontSize={11}
              fill={text}
            >
              {formatCount(Math.round(tick))}
            </text>
          </g>
        ))}
        {days.map((day, d) => {
          const x = MARGIN.left + slot * d + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g key={day}>
              {stacks.map((stack, s) => {
                const count = stack.counts[d] ?? 0;
                if (count === 0) {
                  return null;
                }
                const top = base + count;
                const rect = (
                  <rect
                    key={stack.key}
                    x={x}
                    width={barWidth}
                    y={y(top)}
                    height={y(base) - y(top)}
                    fill={colorOf(s)}
                    stroke={theme.palette.background.paper}
                    strokeWidth={1}
                  >
                    <title>{`${stack.label}, ${day}: ${formatCount(
                      count,
                    )}`}</title>
                  </rect>
                );
                base = top;
                return rect;
              })}
              <text
                aria-hidden
                x={x + barWidth / 2}
                y={HEIGHT - 10}
                textAnchor="middle"
                fontSize={11}
                fill={text}
              >
                {short(day)}
              </text>
            </g>
          );
        })}
      </svg>
      <Box
        component="ul"
        display="flex"
        flexWrap="wrap"
        p={0}
        m={0}
        style={{ gap: 16, listStyle: 'none' }}
        aria-label="Legend"
      >
        {stacks.map((stack, s) => (
          <Box
            component="li"
            key={stack.key}
            display="flex"
            alignItems="center"
          >
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                marginRight: 6,
                background: colorOf(s),
                display: 'inline-block',
              }}
            />
            <Typography variant="body2" component="span">
              {stack.label} (
              {formatCount(stack.counts.reduce((a, b) => a + b, 0))})
            </Typography>
          </Box>
        ))}
      </Box>
    </>
  );
};
