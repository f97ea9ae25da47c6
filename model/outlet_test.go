package model

import "testing"

func TestOutletKey(t *testing.T) {
	for _, c := range []struct {
		id         int64
		name, want string
	}{
		{3, "El Diario", "3-el-diario"},
		{12, "La Voz de Galicia", "12-la-voz-de-galicia"},
		{5, "Ñandú Crónica", "5-nandu-cronica"},
		{7, "", "7"},
		{8, "—", "8"},
	} {
		if got := OutletKey(c.id, c.name); got != c.want {
			t.Errorf("OutletKey(%d, %q) = %q, want %q", c.id, c.name, got, c.want)
		}
		if id, ok := OutletID(c.want); !ok || id != c.id {
			t.Errorf("OutletID(%q) = %d, %v", c.want, id, ok)
		}
	}
	for _, bad := range []string{"", "-3", "03-x", "x-3", "3x-y", "+3", "1234567890123456789-x"} {
		if id, ok := OutletID(bad); ok {
			t.Errorf("OutletID(%q) = %d, want no id", bad, id)
		}
	}
}
