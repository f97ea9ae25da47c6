package model

import (
	"strconv"
	"strings"
)

// Outlet is a source as the reader's site shows it: a page lists its
// stories. Lang is the language its name is written in (the source's
// configured language, else its articles'), "" when unknown.
type Outlet struct {
	ID   int64
	Name string
	Lang string
}

// outletKeyMax bounds the name part of an outlet's key, in bytes.
const outletKeyMax = 60

// Key is the outlet's path segment on the site (OutletKey).
func (o Outlet) Key() string { return OutletKey(o.ID, o.Name) }

// OutletKey is an outlet's path segment: its id, then its name as a slug
// ("3-el-diario"). The id makes it stable and unique, the name makes it
// readable; a renamed outlet's old key still carries its id. The slug is
// made without a language, so one outlet has one key in every language.
func OutletKey(id int64, name string) string {
	k := strconv.FormatInt(id, 10)
	if s := Slugify("", name, outletKeyMax); s != "" {
		k += "-" + s
	}
	return k
}

// OutletID reads the id a key starts with: "3-el-diario" and "3" are 3.
// ok is false when the key does not start with a positive id written
// plainly (no sign, no leading zero).
func OutletID(key string) (id int64, ok bool) {
	digits, _, _ := strings.Cut(key, "-")
	if digits == "" || len(digits) > 18 || digits[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil
}
