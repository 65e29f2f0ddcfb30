package snapshot

import (
	"fmt"
	"html"
	"strings"
)

// SVG draws the frame as an SVG terminal screenshot: the background, one
// rectangle per run of a background colour, and one <text> per row whose
// <tspan> runs each span exactly their cells (textLength), so every row is
// Cols cells wide.
func SVG(frame string, o Options) string {
	return SVGGrid(Parse(frame, o.Dark), o)
}

// SVGGrid is SVG of an already parsed grid.
func SVGGrid(g Grid, o Options) string {
	th := ThemeFor(o.Dark)
	w := float64(g.Cols)*CellWidth + 2*Padding
	h := float64(g.Rows)*CellHeight + 2*Padding
	var b strings.Builder
	b.Grow(g.Cols * g.Rows * 4)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" data-cols="%d" data-rows="%d">`+"\n",
		num(w), num(h), num(w), num(h), g.Cols, g.Rows)
	if o.Title != "" {
		fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(o.Title))
	}
	fmt.Fprintf(&b, "<style>text{font-family:%s;font-size:%spx;white-space:pre;font-variant-ligatures:none}</style>\n",
		html.EscapeString(FontStack), num(FontSize))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="%s"/>`+"\n", th.BG)
	for y, row := range g.Cells {
		for _, r := range runs(row) {
			if r.c.BG == "" || r.c.BG == th.BG {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
				num(Padding+float64(r.x)*CellWidth), num(Padding+float64(y)*CellHeight),
				num(float64(r.cells)*CellWidth), num(CellHeight), r.c.BG)
		}
	}
	// The baseline sits at 0.78 of the cell: DejaVu Sans Mono's ascent of
	// 0.76 em in a 1.2 em cell, centred.
	for y, row := range g.Cells {
		fmt.Fprintf(&b, `<text y="%s" xml:space="preserve" fill="%s">`, num(Padding+(float64(y)+0.78)*CellHeight), th.FG)
		for _, r := range runs(row) {
			fmt.Fprintf(&b, `<tspan x="%s" textLength="%s" lengthAdjust="spacingAndGlyphs"`,
				num(Padding+float64(r.x)*CellWidth), num(float64(r.cells)*CellWidth))
			if r.c.FG != "" && r.c.FG != th.FG {
				fmt.Fprintf(&b, ` fill="%s"`, r.c.FG)
			}
			if r.c.Bold {
				b.WriteString(` font-weight="bold"`)
			}
			if r.c.Italic {
				b.WriteString(` font-style="italic"`)
			}
			if r.c.Faint {
				b.WriteString(` opacity="0.6"`)
			}
			switch {
			case r.c.Underline && r.c.Strike:
				b.WriteString(` text-decoration="underline line-through"`)
			case r.c.Underline:
				b.WriteString(` text-decoration="underline"`)
			case r.c.Strike:
				b.WriteString(` text-decoration="line-through"`)
			}
			b.WriteByte('>')
			b.WriteString(html.EscapeString(r.text))
			b.WriteString("</tspan>")
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// HTML draws the frame as a <pre> with inline styles (no stylesheet, so it
// survives e-mail clients), one line a row, one <span> a styled run.
func HTML(frame string, o Options) string {
	return HTMLGrid(Parse(frame, o.Dark), o)
}

// HTMLGrid is HTML of an already parsed grid.
func HTMLGrid(g Grid, o Options) string {
	th := ThemeFor(o.Dark)
	var b strings.Builder
	b.Grow(g.Cols * g.Rows * 2)
	fmt.Fprintf(&b, `<pre style="font-family:%s;font-size:%spx;line-height:%spx;background:%s;color:%s;padding:%spx;display:inline-block;margin:0;font-variant-ligatures:none"`,
		html.EscapeString(FontStack), num(FontSize), num(CellHeight), th.BG, th.FG, num(Padding))
	if o.Title != "" {
		fmt.Fprintf(&b, ` title="%s"`, html.EscapeString(o.Title))
	}
	b.WriteByte('>')
	for y, row := range g.Cells {
		if y > 0 {
			b.WriteByte('\n')
		}
		for _, r := range runs(row) {
			var st []string
			if r.c.FG != "" && r.c.FG != th.FG {
				st = append(st, "color:"+r.c.FG)
			}
			if r.c.BG != "" && r.c.BG != th.BG {
				st = append(st, "background:"+r.c.BG)
			}
			if r.c.Bold {
				st = append(st, "font-weight:bold")
			}
			if r.c.Italic {
				st = append(st, "font-style:italic")
			}
			if r.c.Faint {
				st = append(st, "opacity:0.6")
			}
			switch {
			case r.c.Underline && r.c.Strike:
				st = append(st, "text-decoration:underline line-through")
			case r.c.Underline:
				st = append(st, "text-decoration:underline")
			case r.c.Strike:
				st = append(st, "text-decoration:line-through")
			}
			if len(st) == 0 {
				b.WriteString(html.EscapeString(r.text))
				continue
			}
			fmt.Fprintf(&b, `<span style="%s">%s</span>`, strings.Join(st, ";"), html.EscapeString(r.text))
		}
	}
	b.WriteString("</pre>\n")
	return b.String()
}

// num formats a pixel size without trailing zeros.
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
