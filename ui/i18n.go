package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/chart"
	"github.com/eaeu-dash/eaeu-dash/ui/internal/numfmt"
)

// texts is every word the interface prints itself, in one language. Data
// texts (names, titles, notes) come from the dataset in Options.Lang; these
// are the rest. Two read-only instances, textsEN and textsRU.
type texts struct {
	lang    string
	periodW int           // width of the longest period label ("15 Jul 2024")
	months  [12]string    // short month names (shared with ui/chart)
	locale  numfmt.Locale // number separators

	tabs   map[View]string // every view of the views table
	mapw   mapTexts        // the map view's words
	topics map[data.Topic]string
	other  string // a topic without a title

	defaultTitle string

	// status names by data.Status: actual, estimate, plan, target
	status [4]string
	// chart modes: line, bars, progress
	modes [3]string

	// overview
	latest, updated, cardOf, noIndicators     string
	noActual, targetBy, planBy, noTarget      string
	progressNA, noData, vs, progressOfBy      string
	baselineFrom, lastTarget, source, sources string
	good, bad                                 string // a change, in ASCII (no ✓ ✗)
	baselineOnly                              string // one figure so far: it is the baseline

	// charts
	relative, logScale, allYears, noIndicatorSel string
	filterIndicators, noMatch, chartUnavailable  string

	// table
	cols                                   [numCols]string
	rowsMatch, escClears, tableHead        string
	noRowsMatch, sourceNone, sourcePrefix  string
	higherBetter, lowerBetter, unitLine    string
	detailNone, derived, seriesHead        string
	baseline, current, target, progress    string
	progressNeeds, change, sincePrev, cagr string
	cagrYear, na, whereFrom, noSourceCited string
	noPoints, noIndicator, backTo, back    string

	// sources and events
	noSources, sourcesHead, srcTitle, publisher, date, figures string
	noAddress, srcPointsHead, noFigures                        string
	noEvents, timeline, participants                           string
	member, observer, union                                    string

	// status bar and notices
	presenting                           func(a Audience) string
	waiting, following, detached         string
	lookingAround                        string // detached, no presenter
	unreachable, unreachableDetached     string // the presenter's server is out of reach
	countdownIdle, countdownLimit        string // with a duration
	dataAsOf, enlarge, enlargeShort      string
	briefingEnded, closedIdle            string
	wholeRange, logNeedsPositive, logAbs string
	eventNoSource, eventNoFigures        string

	// counted words: one, few, many (English uses one and many)
	nFigures, nSources, nEvents, nObservations [3]string

	// help
	help, helpClose, keysOf, everywhere, mouse string
	keys                                       map[string]string // key help: English description -> this language
}

func textsFor(lang string) *texts {
	if lang == "ru" {
		return &textsRU
	}
	return &textsEN
}

var textsEN = texts{
	lang: "en", periodW: 11,
	months: chart.MonthNames("en"),
	tabs: map[View]string{ViewOverview: "Overview", ViewCharts: "Charts", ViewTable: "Table",
		ViewDetail: "Detail", ViewSources: "Sources", ViewEvents: "Events", ViewMap: "Map"},
	mapw: mapTexts{
		inOperation: "in operation", underConstruction: "under construction", planned: "planned",
		members: "member (dotted)", observers: "observer (dashed)", nodes: "station, port",
		membersASCII: "member", observersASCII: "observer",
		noPlaces: "No entity of this dataset has a position (lat, lon) or a path: nothing to map.",
		offMap:   "outside the map's region", lineThrough: "on", enter: "enter: its first indicator", path: "path:",
	},
	topics: map[data.Topic]string{
		data.TopicTransit: "Transit", data.TopicInfrastructure: "Infrastructure", data.TopicSpeed: "Speed",
		data.TopicCapacity: "Capacity", data.TopicTrade: "Trade", data.TopicIndustry: "Industry",
		data.TopicAgriculture: "Agriculture", data.TopicDigital: "Digital", data.TopicOther: "Other",
	},
	other:        "Other",
	defaultTitle: "EAEU indicators",
	status:       [4]string{"actual", "estimate", "plan", "target"},
	modes:        [3]string{"line", "bars", "progress"},

	latest: " Latest: ", updated: " · updated ", cardOf: "card %d of %d ",
	noIndicators: " This dataset has no indicators.",
	noActual:     "no actual figure yet", targetBy: "target %s by %d", planBy: "plan %s by %d",
	noTarget: "no target set", progressNA: "progress: n/a", noData: "no data", vs: " vs ",
	progressOfBy: " %s%% of %s by %d",
	baselineFrom: "from %s in %s", lastTarget: "next: %s by %d", source: "source: ", sources: "%d sources",
	good: "good", bad: "bad", baselineOnly: "baseline %s: no progress measured yet",

	relative: "relative", logScale: "log", allYears: "all years", noIndicatorSel: "no indicator selected",
	filterIndicators: "/ filter indicators", noMatch: " no match", chartUnavailable: "chart unavailable: %v",

	cols:      [numCols]string{"Indicator", "Entity", "Period", "Value", "Unit", "Status", "Source"},
	rowsMatch: "  %s of %s rows match", escClears: " · esc clears",
	tableHead:   " %s · row %s · / filter · s sort · click a header to sort",
	noRowsMatch: " no rows match the filter", sourceNone: " source: none cited", sourcePrefix: " source: ",

	higherBetter: "higher is better", lowerBetter: "lower is better", unitLine: "%s · unit %s · %s",
	detailNone: " No indicator selected: pick one on the overview or in charts.",
	derived:    "Derived figures", seriesHead: "Series",
	baseline: "baseline", current: "current", target: "target", progress: "progress",
	progressNeeds: "n/a (needs baseline, current and a different target)",
	change:        "change", sincePrev: " since the previous figure", cagr: "CAGR", cagrYear: "%s a year", na: "n/a",
	whereFrom: "Where each figure comes from", noSourceCited: "no source cited", noPoints: "no points",
	noIndicator: " no indicator", backTo: "esc: back to %s ", back: "esc: back ",

	noSources:   " This dataset cites no sources.",
	sourcesHead: " %s · enter lists the figures a source supports",
	srcTitle:    "Title", publisher: "Publisher", date: "Date", figures: "Figures",
	noAddress:     "no address or note",
	srcPointsHead: " · %s · enter: indicator detail · esc: back",
	noFigures:     " no figures cite this source",
	noEvents:      " This dataset has no events.",
	timeline:      " Timeline · %s · ▪ held ▫ to come",
	participants:  "Participants",
	member:        "■ member", observer: "□ observer", union: "◆ union",

	presenting: func(a Audience) string {
		s := fmt.Sprintf("● presenting to %d viewers", a.Following)
		if a.Following == 1 {
			s = "● presenting to 1 viewer"
		}
		return s + audienceRest(a, "%d looking around", "%d waiting", "%d refused") +
			otherData(a, " · %d of %d servers has other data", " · %d of %d servers have other data")
	},
	unreachable:         "▶ %s: presenter unreachable, showing the last screen",
	unreachableDetached: "looking around · presenter unreachable",
	waiting:             "waiting for the presenter", following: "▶ following %s", detached: "looking around: f follows %s again",
	lookingAround:  "looking around · waiting for the presenter",
	countdownIdle:  "No input for a while: this session closes in %s. Press any key to stay.",
	countdownLimit: "This session reaches its time limit in %s.",
	dataAsOf:       "data %s", enlarge: "Enlarge the terminal (at least %dx%d)", enlargeShort: "Enlarge the terminal",
	briefingEnded: "The briefing has ended.", closedIdle: "Closed after %s without input.",
	wholeRange:       "the whole range is shown: zoom in with + (or the wheel) to pan",
	logNeedsPositive: "log scale needs every value above zero",
	logAbs:           "log scale is for absolute values: press r first",
	eventNoSource:    "this event cites no source",
	eventNoFigures:   "no figure of the dataset comes from this event's source",

	nFigures: [3]string{"figure", "figures", "figures"}, nSources: [3]string{"source", "sources", "sources"},
	nEvents: [3]string{"event", "events", "events"}, nObservations: [3]string{"observation", "observations", "observations"},

	help: " Help", helpClose: "  (? or esc closes)", keysOf: "%s keys", everywhere: "Everywhere", mouse: "Mouse",
}

var textsRU = texts{
	lang: "ru", periodW: 11,
	months: chart.MonthNames("ru"),
	tabs: map[View]string{ViewOverview: "Обзор", ViewCharts: "Графики", ViewTable: "Таблица",
		ViewDetail: "Подробно", ViewSources: "Источники", ViewEvents: "События", ViewMap: "Карта"},
	mapw: mapTexts{
		inOperation: "действует", underConstruction: "строится", planned: "в плане",
		members: "член (точки)", observers: "наблюд. (пунктир)", nodes: "станция",
		membersASCII: "член", observersASCII: "наблюдатель",
		noPlaces: "Ни у одной сущности этих данных нет координат (lat, lon) или пути: карта пуста.",
		offMap:   "вне области карты", lineThrough: "на линии", enter: "enter: первый показатель", path: "путь:",
	},
	topics: map[data.Topic]string{
		data.TopicTransit: "Транзит", data.TopicInfrastructure: "Инфраструктура", data.TopicSpeed: "Скорость",
		data.TopicCapacity: "Пропускная способность", data.TopicTrade: "Торговля", data.TopicIndustry: "Промышленность",
		data.TopicAgriculture: "Сельское хозяйство", data.TopicDigital: "Цифровизация", data.TopicOther: "Прочее",
	},
	other:        "Прочее",
	defaultTitle: "Показатели ЕАЭС",
	status:       [4]string{"факт", "оценка", "план", "цель"},
	modes:        [3]string{"линия", "столбцы", "прогресс"},

	latest: " Последнее: ", updated: " · обновлено ", cardOf: "карточка %d из %d ",
	noIndicators: " В этом наборе нет показателей.",
	noActual:     "фактических данных пока нет", targetBy: "цель %s к %d", planBy: "план %s к %d",
	noTarget: "цель не задана", progressNA: "прогресс: н/д", noData: "нет данных", vs: " к ",
	progressOfBy: " %s%% от %s к %d",
	baselineFrom: "с %s в %s", lastTarget: "далее: %s к %d", source: "источник: ", sources: "источников: %d",
	good: "хорошо", bad: "плохо", baselineOnly: "база %s: прогресс пока не измерен",

	relative: "относит.", logScale: "лог.", allYears: "все годы", noIndicatorSel: "показатель не выбран",
	filterIndicators: "/ поиск показателя", noMatch: " ничего не найдено", chartUnavailable: "график недоступен: %v",

	cols:      [numCols]string{"Показатель", "Участник", "Период", "Значение", "Ед.", "Статус", "Источник"},
	rowsMatch: "  подходит строк: %s из %s", escClears: " · esc сбросить",
	tableHead:   " %s · строка %s · / поиск · s или щелчок по заголовку: сортировка",
	noRowsMatch: " нет строк по этому запросу", sourceNone: " источник: не указан", sourcePrefix: " источник: ",

	higherBetter: "чем больше, тем лучше", lowerBetter: "чем меньше, тем лучше", unitLine: "%s · ед. %s · %s",
	detailNone: " Показатель не выбран: выберите его в обзоре или на графиках.",
	derived:    "Расчётные значения", seriesHead: "Ряды",
	baseline: "база", current: "сейчас", target: "цель", progress: "прогресс",
	progressNeeds: "н/д (нужны база, текущее значение и иная цель)",
	change:        "изменение", sincePrev: " с предыдущего значения", cagr: "ср. темп", cagrYear: "%s в год", na: "н/д",
	whereFrom: "Откуда взято каждое значение", noSourceCited: "источник не указан", noPoints: "нет значений",
	noIndicator: " нет показателя", backTo: "esc: назад — %s ", back: "esc: назад ",

	noSources:   " В этом наборе нет источников.",
	sourcesHead: " %s · enter — значения из источника",
	srcTitle:    "Название", publisher: "Издатель", date: "Дата", figures: "Значений",
	noAddress:     "нет адреса и примечания",
	srcPointsHead: " · %s · enter — показатель · esc — назад",
	noFigures:     " на этот источник не ссылается ни одно значение",
	noEvents:      " В этом наборе нет событий.",
	timeline:      " Хронология · %s · ▪ прошло ▫ предстоит",
	participants:  "Участники",
	member:        "■ член", observer: "□ наблюд.", union: "◆ союз",

	presenting: func(a Audience) string {
		return fmt.Sprintf("● вы ведёте показ · следят: %d", a.Following) +
			audienceRest(a, "смотрят сами: %d", "ждут входа: %d", "не вошли: %d") +
			otherData(a, " · другие данные на %d из %d серверов", " · другие данные на %d из %d серверов")
	},
	unreachable:         "▶ %s: ведущий недоступен, показан последний экран",
	unreachableDetached: "смотрите сами · ведущий недоступен",
	waiting:             "ждём ведущего", following: "▶ ведёт %s", detached: "смотрите сами: f — снова за %s",
	lookingAround:  "смотрите сами · ждём ведущего",
	countdownIdle:  "Нет ввода: сеанс закроется через %s. Нажмите любую клавишу, чтобы остаться.",
	countdownLimit: "Сеанс достигнет предельной длительности через %s.",
	dataAsOf:       "данные на %s", enlarge: "Увеличьте окно терминала (не меньше %dx%d)", enlargeShort: "Увеличьте окно",
	briefingEnded: "Брифинг завершён.", closedIdle: "Закрыто: нет ввода %s.",
	wholeRange:       "показан весь период: увеличьте (+ или колесо), чтобы сдвигать",
	logNeedsPositive: "для лог. шкалы все значения должны быть больше нуля",
	logAbs:           "лог. шкала — для абсолютных значений: сначала r",
	eventNoSource:    "у события нет источника",
	eventNoFigures:   "из источника этого события нет ни одного значения",

	nFigures: [3]string{"значение", "значения", "значений"}, nSources: [3]string{"источник", "источника", "источников"},
	nEvents: [3]string{"событие", "события", "событий"}, nObservations: [3]string{"наблюдение", "наблюдения", "наблюдений"},

	help: " Справка", helpClose: "  (? или esc — закрыть)", keysOf: "Клавиши: %s", everywhere: "Везде", mouse: "Мышь",
	keys: map[string]string{
		"views": "виды", "next view": "след. вид", "prev view": "пред. вид",
		"next stop": "след. остановка", "previous stop": "пред. остановка", "back to the stop": "к остановке",
		"save the screen (SVG)": "снимок экрана (SVG)",
		"pan left":              "сдвиг влево", "pan right": "сдвиг вправо", "pan up": "сдвиг вверх", "pan down": "сдвиг вниз",
		"pan the map": "сдвиг карты", "select line or point": "выбор линии или точки",
		"up": "вверх", "down": "вниз", "left": "влево", "right": "вправо",
		"page up": "стр. вверх", "page down": "стр. вниз", "first": "в начало", "last": "в конец",
		"open detail": "подробно", "back": "назад", "search": "поиск", "help": "справка", "quit": "выход",
		"follow presenter": "за ведущим", "zoom in": "крупнее", "zoom out": "мельче", "pan": "сдвиг",
		"reset zoom": "весь период", "relative/absolute": "относит./абсол.", "log scale": "лог. шкала",
		"line/bars/progress": "линия/столбцы/прогресс", "sort column": "сортировка", "reverse sort": "обратно",
		"move": "выбор", "pick indicator": "показатель", "scroll": "прокрутка",
		"keep filter": "применить", "clear filter": "сбросить",
		"list points": "значения", "open its figures": "к данным", "list points / open detail": "значения / подробно",
		"back to sources": "к источникам", "open card detail": "подробно", "detail": "подробно",
		"filter rows": "фильтр строк", "the indicator or source behind it": "показатель или источник события",
		"tabs, cards, rows, headers, map":       "вкладки, карточки, строки, карта",
		"scroll lists, zoom charts and the map": "прокрутка, масштаб графика и карты", "pan the chart or the map": "сдвиг графика или карты",
		"click": "щелчок", "wheel": "колесо", "drag": "тащить",
	},
}

func init() {
	textsEN.locale = numfmt.For("en")
	textsRU.locale = numfmt.For("ru")
}

// key is the help description desc (English) in this language.
func (t *texts) key(desc string) string {
	if s, ok := t.keys[desc]; ok {
		return s
	}
	return desc
}

func (t *texts) topic(tp data.Topic) string {
	if s, ok := t.topics[tp]; ok {
		return s
	}
	if tp == "" {
		return t.other
	}
	return string(tp)
}

func (t *texts) statusName(st data.Status) string {
	if int(st) >= 0 && int(st) < len(t.status) {
		return t.status[st]
	}
	return t.status[data.Actual]
}

func (t *texts) kind(k data.EntityKind) string {
	switch k {
	case data.KindMember:
		return fit(t.member, 10)
	case data.KindObserver:
		return fit(t.observer, 10)
	case data.KindUnion:
		return fit(t.union, 10)
	case "":
		return "          "
	}
	return fit("· "+string(k), 10)
}

// period labels p: Period.Label in English; "2024", "2024 кв. 3",
// "июл 2024", "5 июл 2024" in Russian.
func (t *texts) period(p data.Period) string {
	if t.lang != "ru" || p.IsZero() {
		return p.Label()
	}
	st := p.Start()
	y, m, d := st.Year(), int(st.Month()), st.Day()
	switch p.Gran() {
	case data.Year:
		return strconv.Itoa(y)
	case data.Quarter:
		return chart.QuarterLabel(t.lang, y, (m-1)/3+1)
	case data.Month:
		return fmt.Sprintf("%s %d", t.months[m-1], y)
	}
	return fmt.Sprintf("%d %s %d", d, chart.MonthNamesOfDay(t.lang)[m-1], y)
}

// monthYear is "Jul 2024" / "июл 2024".
func (t *texts) monthYear(tm time.Time) string {
	return fmt.Sprintf("%s %d", t.months[tm.Month()-1], tm.Year())
}

// rangeLabel is a zoomed chart range: "Mar–Sep 2024", "Nov 2023–Feb 2024".
func (t *texts) rangeLabel(f, to time.Time) string {
	if f.IsZero() {
		return ""
	}
	to = to.Add(-time.Second)
	if f.Year() == to.Year() {
		return t.months[f.Month()-1] + "–" + t.monthYear(to)
	}
	return t.monthYear(f) + "–" + t.monthYear(to)
}

// num formats v with dec decimals and this language's separators.
func (t *texts) num(v float64, dec int) string { return numfmt.Format(v, dec, t.locale) }

// value is a number with its unit: "12.5 Mt", "45%", "1.5×".
func (t *texts) value(v float64, dec int, unit string) string {
	n := t.num(v, dec)
	switch unit {
	case "":
		return n
	case "%", "×", "x":
		return n + unit
	}
	return n + " " + unit
}

// signed is a signed difference: "+1.2", "-3".
func (t *texts) signed(v float64, dec int) string { return numfmt.Signed(v, dec, t.locale) }

// signedPct is a signed percentage: "+7%", "-0,5%".
func (t *texts) signedPct(v float64, dec int) string { return t.signed(v, dec) + "%" }

// otherData warns the presenter that some of the briefing's servers show
// other data (one, several: the format for one server, for more).
func otherData(a Audience, one, several string) string {
	switch {
	case a.OtherData <= 0:
		return ""
	case a.OtherData == 1:
		return fmt.Sprintf(one, a.OtherData, max(a.Servers, 2))
	}
	return fmt.Sprintf(several, a.OtherData, max(a.Servers, a.OtherData+1))
}

// count is n with the word of forms (one, few, many) that goes with it
// in this language: "1 figure", "2 figures"; "1 значение", "2 значения",
// "5 значений". n is written with this language's separators.
func (t *texts) count(n int, forms [3]string) string {
	return t.num(float64(n), 0) + " " + forms[pluralForm(t.lang, n)]
}

// pluralForm is 0 (one), 1 (few) or 2 (many): Russian by the last digits
// (1, 21, 101: one; 2-4, 22-24: few; 0, 5-20, 25-30: many), English one
// for 1 only.
func pluralForm(lang string, n int) int {
	if n < 0 {
		n = -n
	}
	if lang != "ru" {
		if n == 1 {
			return 0
		}
		return 2
	}
	switch d, dd := n%10, n%100; {
	case d == 1 && dd != 11:
		return 0
	case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
		return 1
	}
	return 2
}

// audienceRest is the part of a presenter's status after the followers:
// the counts that are not zero, each after " · ".
func audienceRest(a Audience, looking, waiting, refused string) string {
	var b strings.Builder
	for _, p := range []struct {
		n      int
		format string
	}{{a.LookingAround, looking}, {a.Waiting, waiting}, {a.Refused, refused}} {
		if p.n > 0 {
			b.WriteString(" · ")
			fmt.Fprintf(&b, p.format, p.n)
		}
	}
	return b.String()
}
