package geo

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Worked by hand: a 80x24 canvas (160x96 dots) centred on 70°E 45°N at 4
// dots per degree; cos 45° = 0.7071.
func TestKnownCoordinatesLandInTheirCells(t *testing.T) {
	p := New(80, 24, 70, 45, 4)
	cases := []struct {
		name     string
		lon, lat float64
		col, row int
		on       bool
	}{
		{"centre", 70, 45, 40, 12, true},
		// x = 80 + 1.45*0.7071*4 = 84.10 -> col 42; y = 48 - 6.17*4 = 23.32 -> row 5
		{"Astana", 71.45, 51.17, 42, 5, true},
		// x = 80 + 6.95*0.7071*4 = 99.66 -> col 49; y = 48 + 1.76*4 = 55.04 -> row 13
		{"Almaty", 76.95, 43.24, 49, 13, true},
		// x = 80 + 12.48*0.7071*4 = 115.30 -> col 57; y = 48 - 0.25*4 = 47 -> row 11
		{"Dostyk", 82.48, 45.25, 57, 11, true},
		// x = 80 - 18.84*0.7071*4 = 26.71 -> col 13; y = 48 - -1.35*4 = 53.4 -> row 13
		{"Aktau", 51.16, 43.65, 13, 13, true},
		// x = 80 - 32.38*0.7071*4 = -11.58 -> col -6; y = 48 - 10.76*4 = 4.96 -> row 1: off the canvas
		{"Moscow", 37.62, 55.76, -6, 1, false},
	}
	for _, c := range cases {
		col, row, on := p.Cell(c.lon, c.lat)
		if col != c.col || row != c.row || on != c.on {
			t.Errorf("%s: cell %d,%d (on %v), want %d,%d (on %v)", c.name, col, row, on, c.col, c.row, c.on)
		}
		lon, lat := p.LonLat(p.Dot(c.lon, c.lat))
		if math.Abs(lon-c.lon) > 1e-9 || math.Abs(lat-c.lat) > 1e-9 {
			t.Errorf("%s: LonLat(Dot) = %v, %v", c.name, lon, lat)
		}
	}
}

func TestFitShowsTheBoxAndKeepsDirections(t *testing.T) {
	caps := map[string][2]float64{
		"Moscow": {37.62, 55.76}, "Minsk": {27.56, 53.9}, "Astana": {71.45, 51.17},
		"Bishkek": {74.59, 42.87}, "Yerevan": {44.51, 40.18},
	}
	var b Box
	for _, c := range caps {
		b = b.Extend(c[0], c[1])
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}, {240, 70}, {20, 6}} {
		p := Fit(size[0], size[1], b, 4)
		cell := map[string][2]int{}
		for name, c := range caps {
			col, row, on := p.Cell(c[0], c[1])
			if !on {
				t.Fatalf("%dx%d: %s at %d,%d is off the canvas", size[0], size[1], name, col, row)
			}
			cell[name] = [2]int{col, row}
		}
		if !(cell["Minsk"][0] < cell["Moscow"][0] && cell["Moscow"][0] < cell["Astana"][0] && cell["Astana"][0] < cell["Bishkek"][0]+1) {
			t.Errorf("%dx%d: west-east order wrong: %v", size[0], size[1], cell)
		}
		if !(cell["Moscow"][1] <= cell["Astana"][1] && cell["Astana"][1] < cell["Bishkek"][1] && cell["Moscow"][1] < cell["Yerevan"][1]) {
			t.Errorf("%dx%d: north-south order wrong: %v", size[0], size[1], cell)
		}
		got := p.Bounds()
		if got.West > b.West || got.East < b.East || got.South > b.South || got.North < b.North {
			t.Errorf("%dx%d: bounds %+v do not hold %+v", size[0], size[1], got, b)
		}
	}
	// One point: a few degrees around it, the point in the middle.
	p := Fit(80, 24, Box{}.Extend(27.56, 53.9), 4)
	if col, row, _ := p.Cell(27.56, 53.9); col != 40 || row != 12 {
		t.Errorf("a lone point lands at %d,%d, not the centre", col, row)
	}
}

func TestBrailleDotsAndDashes(t *testing.T) {
	c := NewCanvas(2, 1)
	c.Set(0, 0, LayerOutline)
	c.Set(1, 3, LayerLine)
	c.Set(5, 0, LayerLine) // off the canvas
	if r, l := c.At(0, 0); r != '⢁' || l != LayerLine {
		t.Errorf("cell 0 = %q layer %d, want ⢁ (dots 1 and 8) and the higher layer", r, l)
	}
	if r, _ := c.At(1, 0); r != 0 {
		t.Errorf("cell 1 = %q, want empty", r)
	}
	count := func(d Dash) int {
		c := NewCanvas(30, 1)
		c.Line(0, 0, 59, 0, LayerLine, d, 0)
		n := 0
		for i := range c.dots {
			for b := c.dots[i]; b != 0; b &= b - 1 {
				n++
			}
		}
		return n
	}
	if s, d, o := count(Solid), count(Dashed), count(Dotted); s != 60 || d != 36 || o != 20 {
		t.Errorf("dots of a 60-dot line: solid %d dashed %d dotted %d, want 60 36 20", s, d, o)
	}
	// A line far off the canvas draws nothing and costs nothing.
	c = NewCanvas(10, 5)
	c.Line(-1e6, -1e6, -1e6+1, 1e6, LayerLine, Solid, 0)
	for _, d := range c.dots {
		if d != 0 {
			t.Fatal("an off-canvas line drew a dot")
		}
	}
}

func TestOutlinesDrawTheRegion(t *testing.T) {
	var kz *Country
	for i := range outlines {
		if outlines[i].ISO2 == "KZ" {
			kz = &outlines[i]
		}
	}
	if kz == nil || len(outlines) < 20 {
		t.Fatalf("outlines: %d countries, Kazakhstan %v", len(outlines), kz != nil)
	}
	var b Box
	for _, r := range kz.Rings {
		for i := 0; i+1 < len(r); i += 2 {
			b = b.Extend(float64(r[i]), float64(r[i+1]))
		}
	}
	// Kazakhstan spans about 46-87°E and 40.5-55.5°N.
	if b.West < 45 || b.West > 47.5 || b.East < 86 || b.East > 88 || b.South < 40 || b.South > 41.5 || b.North < 55 || b.North > 56 {
		t.Errorf("Kazakhstan's outline spans %+v", b)
	}
	p := Fit(80, 24, b, 2)
	c := Outlines(p, outlines, func(ct Country) Layer {
		if ct.ISO2 == "KZ" {
			return LayerMember
		}
		return LayerNone
	})
	// The border passes near every edge of the fitted canvas, and not
	// through Astana.
	rows := map[int]bool{}
	for row := 0; row < 24; row++ {
		for col := 0; col < 80; col++ {
			if r, _ := c.At(col, row); r != 0 {
				rows[row] = true
			}
		}
	}
	if !rows[1] && !rows[2] || !rows[21] && !rows[22] {
		t.Errorf("the outline does not reach the top and bottom rows: %v", rows)
	}
	col, row, _ := p.Cell(71.45, 51.17)
	if r, l := c.At(col, row); r != 0 && l != LayerFill {
		t.Errorf("Astana's cell %d,%d is on the border", col, row)
	}
	// A member's territory has a grain of dots inside, none outside.
	fillNear := func(lon, lat float64) bool {
		col, row, _ := p.Cell(lon, lat)
		for dr := -1; dr <= 1; dr++ {
			for dc := -2; dc <= 2; dc++ {
				if _, l := c.At(col+dc, row+dr); l == LayerFill {
					return true
				}
			}
		}
		return false
	}
	if !fillNear(66, 48) || !fillNear(75, 45.5) {
		t.Error("no grain inside Kazakhstan")
	}
	for _, out := range [][2]float64{{49.5, 41}, {86, 41.5}, {60, 41.5}} { // the Caspian shore of Azerbaijan, China, Uzbekistan
		col, row, _ := p.Cell(out[0], out[1])
		if _, l := c.At(col, row); l == LayerFill {
			t.Errorf("grain outside Kazakhstan at %v", out)
		}
	}
}

func TestLabelsNeverOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		cols, rows := 20+rng.IntN(200), 6+rng.IntN(60)
		n := rng.IntN(80)
		labels := make([]Label, n)
		for i := range labels {
			name := strings.Repeat("x", 1+rng.IntN(14))
			labels[i] = Label{Col: rng.IntN(cols), Row: rng.IntN(rows), Text: name, Short: name[:1+len(name)/3], Priority: rng.IntN(4)}
		}
		legend := func(col, row int) bool { return row == 0 && col < 10 }
		placed := PlaceLabels(cols, rows, labels, legend)
		grid := make([]int, cols*rows)
		for i := range grid {
			grid[i] = -1
		}
		for _, l := range labels {
			grid[l.Row*cols+l.Col] = -2 // a point
		}
		seen := map[int]bool{}
		for _, p := range placed {
			if seen[p.Index] {
				t.Fatalf("label %d placed twice", p.Index)
			}
			seen[p.Index] = true
			l := labels[p.Index]
			if p.Text != l.Text && p.Text != l.Short {
				t.Fatalf("label %d placed as %q", p.Index, p.Text)
			}
			if dr := p.Row - l.Row; dr < -1 || dr > 1 || p.Col > l.Col+2 || p.Col+len(p.Text) < l.Col-1 {
				t.Fatalf("label %q at %d,%d is not next to its point %d,%d", p.Text, p.Col, p.Row, l.Col, l.Row)
			}
			for x := p.Col; x < p.Col+len(p.Text); x++ {
				if x < 0 || x >= cols || p.Row < 0 || p.Row >= rows {
					t.Fatalf("label %q runs off the canvas", p.Text)
				}
				if legend(x, p.Row) {
					t.Fatalf("label %q covers the legend", p.Text)
				}
				switch g := grid[p.Row*cols+x]; {
				case g == -2:
					t.Fatalf("trial %d: label %q covers a point at %d,%d", trial, p.Text, x, p.Row)
				case g >= 0:
					t.Fatalf("trial %d: labels %q and %q overlap at %d,%d", trial, p.Text, labels[g].Text, x, p.Row)
				}
				grid[p.Row*cols+x] = p.Index
			}
		}
	}
	// The most important label is placed when several compete for room.
	crowd := []Label{
		{Col: 5, Row: 1, Text: "Nodeville", Priority: 1},
		{Col: 6, Row: 1, Text: "Astana", Priority: 3},
		{Col: 7, Row: 1, Text: "Junction", Priority: 1},
	}
	placed := PlaceLabels(16, 3, crowd, nil)
	if len(placed) == 0 || placed[0].Text != "Astana" {
		t.Errorf("placed %+v; want Astana first", placed)
	}
}

func BenchmarkOutlines240x70(b *testing.B) {
	var box Box
	box = box.Extend(23, 36).Extend(90, 58)
	p := Fit(240, 70, box, 4)
	for b.Loop() {
		Outlines(p, outlines, func(Country) Layer { return LayerOutline })
	}
}

// BenchmarkFrame240x70 is the per-frame part of a map: copy the base,
// draw lines and points, place labels, read the cells.
func BenchmarkFrame240x70(b *testing.B) {
	var box Box
	box = box.Extend(23, 36).Extend(90, 58)
	p := Fit(240, 70, box, 4)
	base := Outlines(p, outlines, func(Country) Layer { return LayerOutline })
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([][2]float64, 40)
	for i := range pts {
		pts[i] = [2]float64{23 + rng.Float64()*67, 36 + rng.Float64()*22}
	}
	var c Canvas
	var sb strings.Builder
	for b.Loop() {
		c.CopyFrom(base)
		for i := 0; i+5 < len(pts); i += 5 {
			phase := 0
			for j := i; j < i+4; j++ {
				x0, y0 := p.Dot(pts[j][0], pts[j][1])
				x1, y1 := p.Dot(pts[j+1][0], pts[j+1][1])
				phase = c.Line(x0, y0, x1, y1, LayerLine, Dash(i%3), phase)
			}
		}
		labels := make([]Label, len(pts))
		for i, q := range pts {
			col, row, _ := p.Cell(q[0], q[1])
			labels[i] = Label{Col: col, Row: row, Text: "Placename", Short: "Pl", Priority: i % 3}
		}
		PlaceLabels(240, 70, labels, nil)
		sb.Reset()
		for row := 0; row < 70; row++ {
			for col := 0; col < 240; col++ {
				if r, _ := c.At(col, row); r != 0 {
					sb.WriteRune(r)
				} else {
					sb.WriteByte(' ')
				}
			}
		}
	}
}
