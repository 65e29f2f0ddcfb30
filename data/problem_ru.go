package data

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Translated returns the problem with its message in lang ("ru"; any other
// language gives p unchanged). The position and path, the part before the
// message that tools read, stay as they are; quoted values from the file,
// field names and the words of the format (actual, transit ...) stay too.
// A message without a translation stays English.
func (p Problem) Translated(lang string) Problem {
	if lang == "ru" {
		p.Msg = msgRU(p.Msg)
	}
	return p
}

// Translated is every problem with its message in lang (see Problem.Translated).
func (e Errors) Translated(lang string) Errors {
	if lang != "ru" {
		return e
	}
	out := make(Errors, len(e))
	for i, p := range e {
		out[i] = p.Translated(lang)
	}
	return out
}

// ruRule is a message pattern and its Russian; $1... are the pattern's
// groups, translated again by ruWords where they are English phrases.
type ruRule struct {
	re func() *regexp.Regexp
	ru string
}

// rule compiles its pattern on first use: compiling every pattern at
// package init cost each start of the binary several milliseconds
// (BENCHMARKS.md, "Start-up"). TestRuRulesCompile compiles them all.
func rule(pattern, ru string) ruRule {
	return ruRule{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("^" + pattern + "$") }), ru}
}

var ruRules = []ruRule{
	rule(`(.+) is not a valid date \(want YYYY-MM-DD\)`, `$1 — неверная дата (нужно ГГГГ-ММ-ДД)`),
	rule(`(.+) is not a valid period \(want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD\)`, `$1 — неверный период (нужно ГГГГ, ГГГГ-Qn, ГГГГ-ММ или ГГГГ-ММ-ДД)`),
	rule(`(.+) is not a known entity id \(define it in "entities"\)`, `$1 — неизвестный id участника (определите его в "entities")`),
	rule(`(.+) is not a known source id \(define it in "sources"\)`, `$1 — неизвестный id источника (определите его в "sources")`),
	rule(`(.+) is not a known source id \("sources" is empty; define it there\)`, `$1 — неизвестный id источника ("sources" пуст; определите его там)`),
	rule(`(.+) is not a valid (source|indicator|entity) id \((.+)\)`, `$1 — недопустимый id $2 ($3)`),
	rule(`(.+) is not an ISO 3166-1 alpha-2 code \(a (\w+) id is two capital letters, e\.g\. "KZ"\)`, `$1 — не код ISO 3166-1 alpha-2 (id вида $2 — две заглавные латинские буквы, например "KZ")`),
	rule(`(.+) is not a language tag \(use e\.g\. (.+)\)`, `$1 — не языковой тег (например, $2)`),
	rule(`(.+) is not a format this version reads \(want (.+)\)`, `$1 — этот формат программа не читает (нужен $2)`),
	rule(`(.+) is not (a status|an entity kind|a topic|a line status) \(want (.+)\)`, `$1 — не $2 (нужно $3)`),
	rule(`(\S+) is not a JSON number \(values must be finite numbers\)`, `$1 — не число JSON (значения должны быть конечными числами)`),
	rule(`(\S+) is not a JSON number \(values must be finite numbers; drop the point or give its value\)`, `$1 — не число JSON (значения должны быть конечными числами; удалите точку или укажите значение)`),
	rule(`a second "(.+)" point for period (.+) \(two points may share a period only if their statuses differ\)`, `второе значение "$1" за период $2 (у значений одного периода статусы должны различаться)`),
	rule(`a second series for entity (.+) \(the first is at (.+); merge the points into one series\)`, `второй ряд участника $1 (первый — в $2; объедините значения в один ряд)`),
	rule(`comments are not allowed in JSON \(remove the comment, or put it in a "note"\)`, `комментарии в JSON недопустимы (удалите комментарий или перенесите его в "note")`),
	rule(`control character (.+) in string \(write it escaped, e\.g\. \\n or \\t\)`, `управляющий символ $1 в строке (запишите его экранированным, например \n или \t)`),
	rule(`decimals must be a whole number from 0 to 6, not (.+)`, `decimals — целое число от 0 до 6, а не $1`),
	rule(`duplicate field (.+) \(also at (.+); remove one\)`, `поле $1 повторяется (также в $2; удалите одно)`),
	rule(`duplicate language (.+) \(also at (.+); remove one\)`, `язык $1 повторяется (также в $2; удалите один)`),
	rule(`entity (.+) is of kind (.+), not "node" \(a path lists nodes; define the node as an entity of kind "node"\)`, `участник $1 вида $2, а не "node" (путь перечисляет узлы; определите узел как участника вида "node")`),
	rule(`(source|entity|indicator) id (.+) is already defined at (.+) \(ids must be unique; rename or remove one\)`, `id $1 $2 уже определён в $3 (id должны быть уникальны; переименуйте или удалите один)`),
	rule(`invalid UTF-8 in string \(save the file as UTF-8\)`, `недопустимый UTF-8 в строке (сохраните файл в UTF-8)`),
	rule(`invalid UTF-8 \(save the file as UTF-8\)`, `недопустимый UTF-8 (сохраните файл в UTF-8)`),
	rule(`invalid escape (.+) in string \(write \\\\ for a backslash\)`, `недопустимая escape-последовательность $1 в строке (обратная косая черта пишется \\)`),
	rule(`latitude (.+) is out of range \(want -90\.\.90\)`, `широта $1 вне диапазона (нужно -90..90)`),
	rule(`longitude (.+) is out of range \(want -180\.\.180\)`, `долгота $1 вне диапазона (нужно -180..180)`),
	rule(`missing "," before this element \(or a "\]" before it\)`, `не хватает "," перед этим элементом (или "]" перед ним)`),
	rule(`missing "," before this field \(or a "\}" before it\)`, `не хватает "," перед этим полем (или "}" перед ним)`),
	rule(`missing field (.+) \(give both lat and lon, or neither\)`, `нет поля $1 (укажите и lat, и lon, или ни одного)`),
	rule(`missing required field (.+)`, `нет обязательного поля $1`),
	rule(`nesting is deeper than (\d+) levels \(the limit; flatten the data\)`, `вложенность глубже $1 уровней (это предел; упростите данные)`),
	rule(`no indicators \(a file needs at least one\)`, `нет показателей (в файле нужен хотя бы один)`),
	rule(`no points \(a series needs at least one\)`, `нет значений (в ряду нужно хотя бы одно)`),
	rule(`no series \(an indicator needs at least one\)`, `нет рядов (у показателя нужен хотя бы один)`),
	rule(`number (.+) is too large \(values must be finite numbers\)`, `число $1 слишком велико (значения должны быть конечными числами)`),
	rule(`numbers must not have leading zeros \(write (.+), not (.+)\)`, `у чисел не бывает ведущих нулей (пишите $1, а не $2)`),
	rule(`period (.+) starts before the previous point's (.+) \(order points by period\)`, `период $1 начинается раньше предыдущего, $2 (упорядочьте значения по периоду)`),
	rule(`strings must be in double quotes, not single quotes`, `строки заключаются в двойные кавычки, а не в одинарные`),
	rule(`text has no languages \(give at least one, e\.g\. (.+)\)`, `в тексте нет ни одного языка (укажите хотя бы один, например $1)`),
	rule(`text is empty \(write the text, or remove the field if it is optional\)`, `текст пуст (напишите текст или удалите необязательное поле)`),
	rule(`text is empty \(write the text, or remove the language\)`, `текст пуст (напишите текст или удалите язык)`),
	rule(`is empty \(write a value, or remove the field if it is optional\)`, `пусто (укажите значение или удалите необязательное поле)`),
	rule(`the document is (an array|a string|a number|null|true|false|a boolean); want an object (.+)`, `документ — $1, а нужен объект $2`),
	rule(`the file is empty; want an object (.+)`, `файл пуст, а нужен объект $1`),
	rule(`the file is (\d+) bytes, over the limit of (\d+) \(split it into several files\)`, `размер файла $1 байт, больше предела $2 (разделите его на несколько файлов)`),
	rule(`trailing comma before (.+) \(remove the comma\)`, `лишняя запятая перед $1 (удалите её)`),
	rule(`unexpected end of file, want a value \(the file is truncated or a closing bracket is missing\)`, `неожиданный конец файла, нужно значение (файл обрезан или не хватает закрывающей скобки)`),
	rule(`unexpected content after the end of the document \(a file holds one JSON object\)`, `лишнее содержимое после конца документа (в файле один объект JSON)`),
	rule(`unexpected (?:control character |character )?(.+), want (.+)`, `неожиданный символ $1, нужно $2`),
	rule(`unterminated string \(a closing double quote is missing\)`, `строка не закрыта (не хватает закрывающей двойной кавычки)`),
	rule(`string longer than (\d+) bytes \(the limit; shorten it\)`, `строка длиннее $1 байт (это предел; сократите её)`),
	rule(`unknown field (.+) \(did you mean (.+)\?\)`, `неизвестное поле $1 (может быть, $2?)`),
	rule(`unknown field (.+) \(known fields: (.+)\)`, `неизвестное поле $1 (известные поля: $2)`),
	rule(`want (.+), not (.+)`, `нужно $1, а не $2`),
	rule(`(\d+) more problems not shown; fix the ones above first`, `ещё проблем, не показанных: $1; сначала исправьте показанные`),
}

// ruWords translates the English phrases that fill a pattern's groups.
var ruWords = strings.NewReplacer(
	"a string or an object of language tags to strings", "строка или объект из языковых тегов и строк",
	"a field name in double quotes", "имя поля в двойных кавычках",
	"after the field name", "после имени поля",
	"use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit", "строчные латинские буквы, цифры, '.', '_' и '-', в начале буква или цифра",
	"use letters, digits, '.', '_' and '-', starting with a letter or digit", "латинские буквы, цифры, '.', '_' и '-', в начале буква или цифра",
	"an entity kind", "вид участника", "a line status", "статус линии", "a status", "статус", "a topic", "тема",
	"a string", "строка", "a number", "число", "an array", "массив", "an object", "объект",
	"a boolean", "true или false", "true or false", "true или false", "a value", "значение",
	" or ", " или ",
)

// ruKinds names the kinds of ids in the genitive ("id источника").
var ruKinds = map[string]string{"source": "источника", "indicator": "показателя", "entity": "участника"}

// groupRU translates a group: an English phrase, or a quoted value from
// the file followed by one (the value stays as written).
func groupRU(g string) string {
	if k, ok := ruKinds[g]; ok {
		return k
	}
	if strings.HasPrefix(g, `"`) {
		end := 1
		for end < len(g) && g[end] != '"' {
			if g[end] == '\\' {
				end++
			}
			end++
		}
		if end < len(g) {
			return g[:end+1] + ruWords.Replace(g[end+1:])
		}
		return g
	}
	return ruWords.Replace(g)
}

func msgRU(msg string) string {
	for _, r := range ruRules {
		m := r.re().FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		out := r.ru
		for k := len(m) - 1; k >= 1; k-- {
			out = strings.ReplaceAll(out, "$"+string(rune('0'+k)), groupRU(m[k]))
		}
		return out
	}
	return msg
}

// SummaryIn is Summary in lang: "67 показателей, 80 рядов, 130 значений,
// 40 источников" in Russian (a count takes the one, few or many form).
func (ds *Dataset) SummaryIn(lang string) string {
	if lang != "ru" {
		return ds.Summary()
	}
	series, points := 0, 0
	for i := range ds.Indicators {
		series += len(ds.Indicators[i].Series)
		points += ds.Indicators[i].NumPoints
	}
	return strings.Join([]string{
		countRU(len(ds.Indicators), "показатель", "показателя", "показателей"),
		countRU(series, "ряд", "ряда", "рядов"),
		countRU(points, "значение", "значения", "значений"),
		countRU(len(ds.Sources), "источник", "источника", "источников"),
	}, ", ")
}

// countRU is n with the Russian form for it: 1, 21 one; 2-4, 22-24 few;
// 0, 5-20, 25-30 many.
func countRU(n int, one, few, many string) string {
	w := many
	switch d, dd := n%10, n%100; {
	case d == 1 && dd != 11:
		w = one
	case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
		w = few
	}
	return strconv.Itoa(n) + " " + w
}
