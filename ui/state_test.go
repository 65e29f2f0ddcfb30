package ui

import "testing"

func TestReduce(t *testing.T) {
	t.Parallel()
	ctx := ReduceCtx{
		Cards:      []string{"a", "b", "c", "d", "e"},
		Grid:       [][]int{{0, 1}, {2}, {3, 4}},
		Picker:     []string{"a", "b", "c", "d", "e"},
		TableRows:  10,
		Sources:    3,
		Events:     2,
		Page:       4,
		LogAllowed: true,
		ExtentFrom: 0, ExtentTo: 1000 * 24 * 3600,
	}
	day := int64(24 * 3600)
	tests := []struct {
		name string
		s    State
		a    Action
		c    ReduceCtx
		want State
	}{
		{"key 3 opens the table", State{}, Action{Kind: ActView, View: ViewTable}, ctx, State{View: ViewTable}},
		{"tab wraps from the last tab (map) to overview", State{View: ViewMap}, Action{Kind: ActNextView}, ctx, State{View: ViewOverview}},
		{"shift+tab wraps from overview to the last tab (map)", State{}, Action{Kind: ActPrevView}, ctx, State{View: ViewMap}},
		{"tab goes events -> map", State{View: ViewEvents}, Action{Kind: ActNextView}, ctx, State{View: ViewMap}},
		{"tab goes overview -> charts (tab order, not View order)", State{}, Action{Kind: ActNextView}, ctx, State{View: ViewCharts, Indicator: "a"}},
		{"right moves to the next card", State{Card: 0}, Action{Kind: ActRight}, ctx, State{Card: 1}},
		{"right stops at the last card", State{Card: 4}, Action{Kind: ActRight}, ctx, State{Card: 4}},
		{"down from the second column lands on the shorter row", State{Card: 1}, Action{Kind: ActDown}, ctx, State{Card: 2}},
		{"down keeps the column when it exists", State{Card: 2}, Action{Kind: ActDown}, ctx, State{Card: 3}},
		{"up from the top row stays", State{Card: 1}, Action{Kind: ActUp}, ctx, State{Card: 1}},
		{"enter on a card opens its detail", State{Card: 3}, Action{Kind: ActEnter}, ctx, State{Card: 3, View: ViewDetail, Prev: ViewOverview, Indicator: "d"}},
		{"esc from detail returns to where we came from", State{View: ViewDetail, Prev: ViewTable, Scroll: 5}, Action{Kind: ActBack}, ctx, State{View: ViewTable, Prev: ViewTable}},
		{"cards on an empty dataset do nothing", State{Card: 3}, Action{Kind: ActDown}, ReduceCtx{}, State{Card: 3}},
		{"table down", State{View: ViewTable, Row: 2}, Action{Kind: ActDown}, ctx, State{View: ViewTable, Row: 3}},
		{"table page down clamps", State{View: ViewTable, Row: 8}, Action{Kind: ActPageDown}, ctx, State{View: ViewTable, Row: 9}},
		{"table on no rows stays at 0", State{View: ViewTable, Row: 0}, Action{Kind: ActDown}, ReduceCtx{}, State{View: ViewTable}},
		{"s skips a hidden column", State{View: ViewTable, SortCol: ColStatus}, Action{Kind: ActSort, N: -1}, ReduceCtx{HiddenCols: [numCols]bool{ColSource: true}}, State{View: ViewTable, SortCol: ColIndicator}},
		{"bars mode ignores pan", State{View: ViewCharts, Indicator: "a", Mode: ModeBars}, Action{Kind: ActRight}, ctx, State{View: ViewCharts, Indicator: "a", Mode: ModeBars}},
		{"progress mode ignores zoom", State{View: ViewCharts, Indicator: "a", Mode: ModeProgress}, Action{Kind: ActZoomIn, F: 0.5}, ctx, State{View: ViewCharts, Indicator: "a", Mode: ModeProgress}},
		{"esc from a source opened from an event returns to events", State{View: ViewSources, Event: 1, Source: 2, SourceOpen: true, FromEvent: true}, Action{Kind: ActBack}, ctx, State{View: ViewEvents, Event: 1, Source: 2}},
		{"esc from a source opened in sources stays in sources", State{View: ViewSources, Source: 2, SourceOpen: true}, Action{Kind: ActBack}, ctx, State{View: ViewSources, Source: 2}},
		{"s cycles the sort column", State{View: ViewTable, SortCol: ColValue, SortDesc: true, Row: 4}, Action{Kind: ActSort, N: -1}, ctx, State{View: ViewTable, SortCol: ColUnit}},
		{"s wraps to the first column", State{View: ViewTable, SortCol: ColSource}, Action{Kind: ActSort, N: -1}, ctx, State{View: ViewTable, SortCol: ColIndicator}},
		{"clicking the sorted header reverses", State{View: ViewTable, SortCol: ColValue}, Action{Kind: ActSort, N: ColValue}, ctx, State{View: ViewTable, SortCol: ColValue, SortDesc: true}},
		{"S reverses", State{View: ViewTable}, Action{Kind: ActSortReverse}, ctx, State{View: ViewTable, SortDesc: true}},
		{"/ starts typing in the table", State{View: ViewTable}, Action{Kind: ActFilterStart}, ctx, State{View: ViewTable, Typing: true}},
		{"/ on the overview searches in the table", State{}, Action{Kind: ActFilterStart}, ctx, State{View: ViewTable, Typing: true}},
		{"typing appends and resets the row", State{View: ViewTable, Typing: true, TableFilter: "ka", Row: 3}, Action{Kind: ActFilterInput, S: "z"}, ctx, State{View: ViewTable, Typing: true, TableFilter: "kaz"}},
		{"runes without typing are ignored", State{View: ViewTable}, Action{Kind: ActFilterInput, S: "z"}, ctx, State{View: ViewTable}},
		{"backspace removes a rune", State{View: ViewCharts, Typing: true, PickFilter: "ка"}, Action{Kind: ActFilterBackspace}, ctx, State{View: ViewCharts, Typing: true, PickFilter: "к"}},
		{"enter after filtering the picker charts the first match", State{View: ViewCharts, Typing: true, Indicator: "z", PickFilter: "c"}, Action{Kind: ActFilterDone}, ReduceCtx{Picker: []string{"c", "cc"}}, State{View: ViewCharts, Indicator: "c", PickFilter: "c"}},
		{"esc while typing clears", State{View: ViewTable, Typing: true, TableFilter: "x"}, Action{Kind: ActFilterCancel}, ctx, State{View: ViewTable}},
		{"esc in charts clears the picker filter", State{View: ViewCharts, PickFilter: "x", Indicator: "a"}, Action{Kind: ActBack}, ctx, State{View: ViewCharts, Indicator: "a"}},
		{"esc in the table clears the filter", State{View: ViewTable, TableFilter: "x", Row: 2}, Action{Kind: ActBack}, ctx, State{View: ViewTable}},
		{"picker down selects the next indicator", State{View: ViewCharts, Indicator: "b"}, Action{Kind: ActDown}, ctx, State{View: ViewCharts, Indicator: "c", Pick: 2}},
		{"picking another indicator resets zoom and log", State{View: ViewCharts, Indicator: "a", From: 5, To: 9, Log: true}, Action{Kind: ActSelect, N: 1}, ctx, State{View: ViewCharts, Indicator: "b", Pick: 1}},
		{"enter on the charted indicator opens its detail", State{View: ViewCharts, Indicator: "b"}, Action{Kind: ActEnter}, ctx, State{View: ViewDetail, Prev: ViewCharts, Indicator: "b", Pick: 1}},
		{"zoom in narrows around the centre", State{View: ViewCharts}, Action{Kind: ActZoomIn, F: 0.5}, ctx, State{View: ViewCharts, From: 1000 * day / 6, To: 1000*day/6 + 1000*day*2/3}},
		{"zoom in stops at the indicator's minimum span", State{View: ViewCharts, From: 100 * day, To: 200 * day}, Action{Kind: ActZoomIn, F: 0.5}, ReduceCtx{ExtentTo: 1000 * day, MinSpan: 100 * day}, State{View: ViewCharts, From: 100 * day, To: 200 * day}},
		{"zoom in narrows to the minimum span at most", State{View: ViewCharts, From: 100 * day, To: 220 * day}, Action{Kind: ActZoomIn, F: 0.5}, ReduceCtx{ExtentTo: 1000 * day, MinSpan: 100 * day}, State{View: ViewCharts, From: 110 * day, To: 210 * day}},
		{"zoom out at full extent stays whole", State{View: ViewCharts}, Action{Kind: ActZoomOut, F: 0.5}, ctx, State{View: ViewCharts}},
		{"pan left stops at the start", State{View: ViewCharts, From: 10 * day, To: 110 * day}, Action{Kind: ActLeft}, ctx, State{View: ViewCharts, From: 0, To: 100 * day}},
		{"pan right moves a quarter", State{View: ViewCharts, From: 0, To: 100 * day}, Action{Kind: ActRight}, ctx, State{View: ViewCharts, From: 25 * day, To: 125 * day}},
		{"0 resets", State{View: ViewCharts, From: 5, To: 50}, Action{Kind: ActReset}, ctx, State{View: ViewCharts}},
		{"r toggles relative and turns log off", State{View: ViewCharts, Log: true}, Action{Kind: ActRelative}, ctx, State{View: ViewCharts, Relative: true}},
		{"g toggles log when allowed", State{View: ViewCharts}, Action{Kind: ActLog}, ctx, State{View: ViewCharts, Log: true}},
		{"g refuses log when a value is not positive", State{View: ViewCharts}, Action{Kind: ActLog}, ReduceCtx{}, State{View: ViewCharts}},
		{"b cycles line -> bars", State{View: ViewCharts}, Action{Kind: ActMode}, ctx, State{View: ViewCharts, Mode: ModeBars}},
		{"b cycles progress -> line", State{View: ViewCharts, Mode: ModeProgress}, Action{Kind: ActMode}, ctx, State{View: ViewCharts}},
		{"detail scroll clamps at the end", State{View: ViewDetail, Scroll: 3}, Action{Kind: ActPageDown}, ReduceCtx{DetailLines: 10, Page: 4}, State{View: ViewDetail, Scroll: 6}},
		{"detail scroll never negative", State{View: ViewDetail}, Action{Kind: ActUp}, ctx, State{View: ViewDetail}},
		{"enter on a source lists its points", State{View: ViewSources, Source: 1}, Action{Kind: ActEnter}, ctx, State{View: ViewSources, Source: 1, SourceOpen: true}},
		{"esc closes the source's points", State{View: ViewSources, SourceOpen: true, SourceRow: 2}, Action{Kind: ActBack}, ctx, State{View: ViewSources}},
		{"enter on a source point opens its indicator", State{View: ViewSources, SourceOpen: true}, Action{Kind: ActEnter}, ReduceCtx{SourcePointIndicator: "c"}, State{View: ViewDetail, Prev: ViewSources, SourceOpen: true, Indicator: "c"}},
		{"enter on an event opens the one indicator its source backs", State{View: ViewEvents, Event: 1}, Action{Kind: ActEnter}, ReduceCtx{Events: 2, Sources: 3, EventSource: 2, EventIndicator: "c"}, State{View: ViewDetail, Prev: ViewEvents, Event: 1, Indicator: "c"}},
		{"enter on an event lists its source's figures", State{View: ViewEvents, Event: 1}, Action{Kind: ActEnter}, ReduceCtx{Events: 2, Sources: 3, EventSource: 2}, State{View: ViewSources, Event: 1, Source: 2, SourceOpen: true, FromEvent: true}},
		{"enter on an event without a source stays", State{View: ViewEvents, Event: 1}, Action{Kind: ActEnter}, ReduceCtx{Events: 2, Sources: 3, EventSource: -1}, State{View: ViewEvents, Event: 1}},
		{"events list end", State{View: ViewEvents}, Action{Kind: ActEnd}, ctx, State{View: ViewEvents, Event: 1}},
		{"open by id from anywhere", State{View: ViewTable}, Action{Kind: ActOpen, S: "e"}, ctx, State{View: ViewDetail, Prev: ViewTable, Indicator: "e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reduce(tt.s, tt.a, tt.c)
			if got != tt.want {
				t.Errorf("Reduce(%+v, %+v)\n got %+v\nwant %+v", tt.s, tt.a, got, tt.want)
			}
		})
	}
}

func TestReduceIsPure(t *testing.T) {
	t.Parallel()
	s := State{View: ViewCharts, Indicator: "a"}
	c := ReduceCtx{Picker: []string{"a", "b"}, ExtentTo: 1 << 30}
	a := Action{Kind: ActZoomIn, F: 0.3}
	if Reduce(s, a, c) != Reduce(s, a, c) {
		t.Fatal("same inputs gave different states")
	}
	if s != (State{View: ViewCharts, Indicator: "a"}) {
		t.Fatal("Reduce modified its input")
	}
}
