import type { Block, Cell, ChartBar, ListBlock, Para } from './document.js';

/** A text with its line breaks kept (hono/jsx escapes the text itself). */
function Lines(props: { text: string }) {
  const lines = props.text.split('\n');
  return <>{lines.map((line, i) => (i === 0 ? <>{line}</> : <><br />{line}</>))}</>;
}

function Runs(props: { para: Para }) {
  return (
    <>
      {props.para.runs.map((r) => {
        let node = r.lang ? <span lang={r.lang}><Lines text={r.text} /></span> : <Lines text={r.text} />;
        if (r.italic) node = <em>{node}</em>;
        if (r.bold) node = <strong>{node}</strong>;
        if (r.href) node = <a href={r.href}>{node}</a>;
        return node;
      })}
    </>
  );
}

/** A section's list: an item of one paragraph is its text, an item of several keeps them as paragraphs. */
function List(props: { list: ListBlock }) {
  const items = props.list.items.map((item) => (
    <li>
      {item.paras.length === 1 ? <Runs para={item.paras[0]!} /> : item.paras.map((p) => <p><Runs para={p} /></p>)}
      {(item.lists ?? []).map((l) => <List list={l} />)}
    </li>
  ));
  return props.list.ordered ? <ol start={props.list.start !== 1 ? props.list.start : undefined}>{items}</ol> : <ul>{items}</ul>;
}

function CellContent(props: { cell: Cell }) {
  return (
    <>
      {props.cell.paras.map((p) => (
        <p class={p.item ? 'item' : undefined}>
          <Runs para={p} />
        </p>
      ))}
    </>
  );
}

/** A stacked bar of our own in SVG (no script, no library): wide enough to read, with the figures in words beside it. */
export function ChartSvg(props: { title: string; bars: ChartBar[]; total: number }) {
  let x = 0;
  const label = `${props.title}: ${props.bars.map((b) => `${b.label} ${b.value}`).join(', ')}`;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      {props.total > 0 ? (
        <svg role="img" aria-label={label} viewBox="0 0 100 6" preserveAspectRatio="none">
          {props.bars
            .filter((b) => b.value > 0)
            .map((b) => {
              const w = (b.value / props.total) * 100;
              const rect = <rect x={x.toFixed(3)} y="0" width={w.toFixed(3)} height="6" fill={b.color} />;
              x += w;
              return rect;
            })}
        </svg>
      ) : null}
      <ul class="legend">
        {props.bars.map((b) => (
          <li>
            <i class={`k-${b.key}`} aria-hidden="true"></i>
            {`${b.label}: ${b.value}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Table(props: { block: Extract<Block, { type: 'table' }> }) {
  const b = props.block;
  return (
    <div class="scroll" role="region" aria-label={b.caption ?? undefined} tabindex={0}>
      <table class={b.role === 'template' ? 'template report-table' : 'report-table'} data-role={b.role}>
        {b.caption ? <caption class="sr">{b.caption}</caption> : null}
        <tbody>
          {b.rows.map((row, i) => (
            <tr>
              {row.map((c, j) => {
                const span = c.span && c.span > 1 ? c.span : undefined;
                const cls = c.center ? 'center' : undefined;
                if (c.head) {
                  // A label in the first column names its row; a label elsewhere names its column.
                  const scope = span && span > 1 ? 'colgroup' : j === 0 && row.length > 1 ? 'row' : i === 0 || b.role === 'template' ? 'col' : 'row';
                  return (
                    <th scope={scope} colspan={span} class={cls}>
                      <CellContent cell={c} />
                    </th>
                  );
                }
                return (
                  <td colspan={span} class={cls}>
                    <CellContent cell={c} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's blocks as HTML, inside a page's `<main>`: headings start at h2 (the page's h1 is the title). */
export function ReportBlocks(props: { blocks: Block[] }) {
  return (
    <>
      {props.blocks.map((b) => {
        if (b.type === 'heading') {
          if (b.level === 1) return <h2 id={b.id}>{b.text}</h2>;
          if (b.level === 2) return <h3 id={b.id}>{b.text}</h3>;
          return <h4 id={b.id}>{b.text}</h4>;
        }
        if (b.type === 'paragraph')
          return (
            <p class={b.muted ? 'muted' : undefined}>
              <Runs para={b.para} />
            </p>
          );
        if (b.type === 'table') return <Table block={b} />;
        if (b.type === 'list') return <List list={b} />;
        return <ChartSvg title={b.title} bars={b.bars} total={b.total} />;
      })}
    </>
  );
}
