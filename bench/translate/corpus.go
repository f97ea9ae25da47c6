package main

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"newsbridge/model"
)

// The corpus is generated, reproducibly from a seed, out of hand-written
// Spanish sentence templates whose slots take people, places, institutions,
// topics, numbers, dates, URLs, e-mail addresses and file names. Lexical
// slots make most sentences distinct, so memory hits inside the first pass
// stay rare (the run reports how many sentences were distinct).

var people = []string{
	"Nguyen Phu Trong", "Ana Belén Martínez", "José Luis Rodríguez", "María del Carmen Ortega", "Jordi Puig",
	"Lucía Fernández", "Francisco Javier Gil", "Pilar Sánchez", "Manuel Ruiz", "Carmen Navarro",
	"Antonio López", "Isabel Moreno", "Andrés Castillo", "Rosa Jiménez", "Miguel Ángel Torres",
	"Elena Romero", "David Herrera", "Laura Vidal", "Pedro Domínguez", "Teresa Molina",
	"Ngo Dong Hai", "Tran The Dung", "Vo Trong Hai", "Hoang Trung Dung", "Nguyen Khac Than",
}

var roles = []string{
	"la alcaldesa", "el alcalde", "la consejera de Sanidad", "el consejero de Economía", "la ministra de Trabajo",
	"el ministro de Transportes", "la presidenta del comité provincial", "el secretario general", "la portavoz del Gobierno",
	"el director del hospital", "la rectora de la universidad", "el presidente de la patronal", "la delegada del Gobierno",
	"el jefe de la policía local", "la directora del instituto", "el responsable de urbanismo",
}

var places = []string{
	"Valencia", "Sevilla", "Zaragoza", "Bilbao", "Málaga", "Murcia", "Valladolid", "Córdoba", "Alicante", "Granada",
	"Oviedo", "Santander", "Pamplona", "Logroño", "Toledo", "Cáceres", "Huesca", "Teruel", "Lang Son", "Ha Tinh",
	"Castellón", "Tarragona", "Lleida", "Girona", "Salamanca", "Burgos", "León", "Almería", "Jaén", "Cádiz",
}

var orgs = []string{
	"el Ayuntamiento", "la Diputación", "el Gobierno regional", "el Ministerio de Sanidad", "la Confederación Hidrográfica",
	"el comité provincial", "la Cámara de Comercio", "el sindicato de docentes", "la asociación de vecinos",
	"la cooperativa agrícola", "el Instituto Nacional de Estadística", "la Agencia Estatal de Meteorología",
	"el consejo escolar", "la patronal del sector", "el Tribunal Superior de Justicia",
}

var topics = []string{
	"el nuevo hospital", "la reforma del puerto", "el plan de vivienda", "la red de autobuses", "el presupuesto municipal",
	"la ampliación del aeropuerto", "el parque tecnológico", "la depuradora", "el centro de salud", "la línea de tranvía",
	"el polígono industrial", "la biblioteca pública", "el mercado central", "la carretera de la costa", "el plan de empleo",
	"la campaña de vacunación", "el programa de becas", "la feria del libro", "el festival de música", "la recogida de basuras",
	"el puente sobre el río", "la escuela de idiomas", "el servicio de urgencias", "el museo provincial", "la estación de tren",
}

var verbsPast = []string{
	"anunció", "presentó", "defendió", "criticó", "aprobó", "inauguró", "visitó", "explicó", "reclamó", "propuso",
	"rechazó", "celebró", "confirmó", "cuestionó", "respaldó",
}

var adjectives = []string{
	"importante", "necesario", "urgente", "ambicioso", "polémico", "insuficiente", "histórico", "prioritario",
	"costoso", "razonable", "innovador", "decisivo",
}

var months = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

var domains = []string{"www.diariodelsur.es", "www.elcorreo-noticias.com", "prensa.gob.es", "www.langson.gov.vn", "datos.ine.es", "www.aemet.es"}

var templates = []string{
	"{Role} {verb} ayer en {place} {topic}, que costará {big} euros.",
	"Según {org}, {topic} estará terminado antes del {date}.",
	"{Person} {verb} el proyecto y aseguró que es {adj} para {place}.",
	"El paro bajó un {pct} en {place} durante el último trimestre, según los datos publicados el {date}.",
	"La provincia cumplió {frac} objetivos y el promedio de criterios llegó a {dec} por municipio.",
	"Los vecinos de {place} denuncian que {topic} lleva meses sin avances.",
	"{Org} convocó una reunión para las {time} con los representantes de {place}.",
	"El informe completo puede consultarse en {url} desde esta mañana.",
	"Las preguntas de la prensa deben enviarse a {email} antes del viernes.",
	"{Person} recordó que {topic} fue una promesa electoral de {year}.",
	"La inversión prevista asciende a {big} euros, un {pct} más que el año pasado.",
	"En la foto {file}, {role} saluda a los trabajadores de {topic}.",
	"{Role} de {place} calificó de {adj} la decisión de {org}.",
	"Durante la visita, {person} habló con los agricultores sobre el precio del agua y la sequía.",
	"El pleno de {place} aprobó {topic} con {num} votos a favor y {num2} en contra.",
	"Más de {num} personas participaron el sábado en una manifestación en el centro de {place}.",
	"La temperatura alcanzó los {dec} grados en {place}, un récord para el mes de {month}.",
	"{Org} advirtió de que las obras de {topic} podrían retrasarse hasta {year}.",
	"«Es un día {adj} para nuestra ciudad», dijo {person} tras la firma del acuerdo.",
	"La oposición pidió explicaciones a {role} por el sobrecoste de {topic}.",
	"El Sr. {person} y la Sra. {person2} firmaron el convenio en la sede de {org}.",
	"El plazo para presentar solicitudes termina el {day} de {month} a las {time}.",
	"Las ayudas, de hasta {num3} euros por familia, se tramitarán a través de {url}.",
	"El tráfico en la carretera de {place} se cortará entre las {time} y las {time2} por obras.",
	"Según la encuesta, el {pct} de los vecinos está satisfecho con {topic}.",
	"{Person} explicó que el nuevo servicio atenderá a unas {num} personas cada día.",
	"{Org} destinará {big} euros a mejorar {topic} en los próximos {num4} años.",
	"Los sindicatos de {place} critican que {topic} no tenga todavía un calendario claro.",
	"El documento, de {num} páginas, recoge las propuestas de {org} para {place}.",
	"La consejería publicó el {date} la lista de municipios beneficiados, entre ellos {place} y {place2}.",
	"El alcalde de {place} se reunió con {person} para hablar de {topic}.",
	"Los datos del {year} muestran que el número de visitantes creció un {pct} en {place}.",
	"La policía local de {place} registró {num} incidencias durante las fiestas de {month}.",
	"Los técnicos calculan que el ahorro energético será del {pct} en los edificios públicos.",
	"El proyecto incluye un carril bici de {dec} kilómetros entre {place} y {place2}.",
	"{Role} reconoció que la situación de {topic} es {adj}, pero pidió paciencia.",
	"El equipo de gobierno de {place} defenderá {topic} en el pleno del {day} de {month}.",
	"Los comerciantes del centro de {place} se quejan de la falta de aparcamiento.",
	"La universidad ofrecerá {num} plazas nuevas en el curso {year}-{year2}.",
	"Para más información, los interesados pueden escribir a {email} o llamar al teléfono del servicio.",
	"La empresa adjudicataria tendrá {num4} meses para completar {topic}.",
	"El presupuesto de {org} para {year} suma {big} euros, según la memoria publicada en {url}.",
	"{Person} insistió en que {topic} no se paralizará por falta de fondos.",
	"El hospital de {place} atendió a {num} pacientes en urgencias durante el fin de semana.",
	"Las lluvias de {month} dejaron {dec} litros por metro cuadrado en {place}.",
	"El comité provincial de {place} cumplió {frac} metas del plan y superó lo previsto.",
	"Nadie en {org} quiso valorar las declaraciones de {person}.",
	"Los jóvenes de {place} podrán solicitar el bono cultural hasta el {date}.",
	"El acto contó con la presencia de {role} y de representantes de {org}.",
	"Después de la reunión, {person} aseguró que habrá acuerdo antes de {month}.",
}

var titles = []string{
	"{Person} {verb} {topic} en {place}",
	"{Org} aprueba {big} euros para {topic}",
	"{Place} espera {topic} desde hace {num4} años",
	"El paro baja un {pct} en {place}",
	"Polémica en {place} por {topic}",
	"{Role} de {place} pide más inversión",
}

var captions = []string{
	"{Person} durante su visita a {place} ({file}).",
	"Vista de {topic} en {place}.",
	"{Role} de {place}, en una imagen de archivo.",
}

// gen is the corpus generator.
type gen struct {
	r         *rand.Rand
	lastPlace string
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// fill replaces the slots of a template.
func (g *gen) fill(t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		slot := t[i+1 : i+j]
		t = t[i+j+1:]
		upper := slot != "" && slot[0] >= 'A' && slot[0] <= 'Z'
		v := g.slot(strings.ToLower(slot))
		if upper {
			v = capitalize(v)
		}
		b.WriteString(v)
	}
	// Spanish contracts "de el" and "a el"
	return strings.NewReplacer(" de el ", " del ", " a el ", " al ", "De el ", "Del ").Replace(b.String())
}

func (g *gen) slot(s string) string {
	r := g.r
	switch s {
	case "person", "person2":
		return g.pick(people)
	case "role":
		return g.pick(roles)
	case "place":
		g.lastPlace = g.pick(places)
		return g.lastPlace
	case "place2":
		for {
			if p := g.pick(places); p != g.lastPlace {
				return p
			}
		}
	case "org":
		return g.pick(orgs)
	case "topic":
		return g.pick(topics)
	case "verb":
		return g.pick(verbsPast)
	case "adj":
		return g.pick(adjectives)
	case "month":
		return g.pick(months)
	case "day":
		return fmt.Sprint(1 + r.IntN(28))
	case "year", "year2":
		return fmt.Sprint(2015 + r.IntN(12))
	case "date":
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d de %s de %d", 1+r.IntN(28), g.pick(months), 2020+r.IntN(7))
		}
		return fmt.Sprintf("%02d/%02d/%d", 1+r.IntN(28), 1+r.IntN(12), 2020+r.IntN(7))
	case "time", "time2":
		return fmt.Sprintf("%d:%02d", 8+r.IntN(12), r.IntN(4)*15)
	case "num", "num2":
		return fmt.Sprint(2 + r.IntN(900))
	case "num3":
		return fmt.Sprintf("%d.%03d", 1+r.IntN(9), r.IntN(1000))
	case "num4":
		return fmt.Sprint(2 + r.IntN(10))
	case "big":
		return fmt.Sprintf("%d.%03d.%03d", 1+r.IntN(90), r.IntN(1000), r.IntN(1000))
	case "dec":
		return fmt.Sprintf("%d,%d", 1+r.IntN(40), r.IntN(10))
	case "pct":
		return fmt.Sprintf("%d,%d %%", 1+r.IntN(30), r.IntN(10))
	case "frac":
		n := 8 + r.IntN(12)
		return fmt.Sprintf("%d/%d", n-r.IntN(3), n)
	case "url":
		return fmt.Sprintf("https://%s/%s-%d.html", g.pick(domains), strings.ReplaceAll(strings.ToLower(g.pick(places)), " ", "-"), 1000+r.IntN(9000))
	case "email":
		return fmt.Sprintf("%s@%s", g.pick([]string{"prensa", "info", "atencion", "comunicacion"}), strings.TrimPrefix(g.pick(domains), "www."))
	case "file":
		return fmt.Sprintf("ndo_br_dat%05d.jpg", r.IntN(100000))
	}
	return "{" + s + "}"
}

// article generates one article of about 450–650 words.
func (g *gen) article(i int) *model.Article {
	a := &model.Article{
		ID:       int64(i + 1),
		URL:      fmt.Sprintf("https://diario.example.es/noticia-%d", i+1),
		Language: "es",
		Title:    g.fill(g.pick(titles)),
		Lead:     g.fill(g.pick(templates)) + " " + g.fill(g.pick(templates)),
		Byline:   g.pick(people),
		Category: g.pick([]string{"Política", "Economía", "Sociedad", "Cultura", "Local"}),
	}
	paras := 9 + g.r.IntN(5)
	for p := 0; p < paras; p++ {
		n := 3 + g.r.IntN(3)
		var s []string
		for k := 0; k < n; k++ {
			s = append(s, g.fill(g.pick(templates)))
		}
		text := strings.Join(s, " ")
		b := model.Block{Type: model.BlockParagraph, Text: text}
		if g.r.IntN(4) == 0 { // some inline markup, as extract keeps it
			first := s[0]
			b.HTML = "<strong>" + escape(first) + "</strong> " + escape(strings.Join(s[1:], " "))
		}
		a.Blocks = append(a.Blocks, b)
		if p == 3 {
			a.Blocks = append(a.Blocks, model.Block{Type: model.BlockFigure,
				Src: fmt.Sprintf("https://diario.example.es/img/ndo_br_dat%05d.jpg", g.r.IntN(100000)),
				Alt: g.fill("{Person} en {place}"), Caption: g.fill(g.pick(captions))})
		}
		if p == 6 {
			a.Blocks = append(a.Blocks, model.Block{Type: model.BlockHeading, Level: 2, Text: g.fill(g.pick(titles))})
		}
	}
	return a
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// plainText is what the raw pipeline and APy get: every translated field,
// blank lines between them.
func plainText(a *model.Article) string {
	parts := []string{a.Title, a.Lead, a.Category}
	for _, b := range a.Blocks {
		if b.Type == model.BlockFigure {
			parts = append(parts, b.Caption, b.Alt)
			continue
		}
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n\n")
}
