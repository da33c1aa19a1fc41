/** Brazilian national holidays, the movable ones (Carnaval, Sexta-feira Santa, Corpus Christi) included. */

/** Easter Sunday (Gregorian), anonymous algorithm (Meeus/Jones/Butcher). */
export function easter(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const plus = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

/** Holidays of one year as `[YYYY-MM-DD, name]`, sorted by date. */
export function brazilianHolidays(year: number): [string, string][] {
  const fixed: [string, string][] = [
    ['01-01', 'Confraternização Universal'],
    ['04-21', 'Tiradentes'],
    ['05-01', 'Dia do Trabalho'],
    ['09-07', 'Independência do Brasil'],
    ['10-12', 'Nossa Senhora Aparecida'],
    ['11-02', 'Finados'],
    ['11-15', 'Proclamação da República'],
    ['12-25', 'Natal'],
  ];
  if (year >= 2024) fixed.push(['11-20', 'Dia Nacional de Zumbi e da Consciência Negra']);
  const e = easter(year);
  const out: [string, string][] = fixed.map(([md, name]) => [`${year}-${md}`, name]);
  out.push([iso(plus(e, -48)), 'Carnaval (segunda-feira)']);
  out.push([iso(plus(e, -47)), 'Carnaval (terça-feira)']);
  out.push([iso(plus(e, -2)), 'Sexta-feira Santa']);
  out.push([iso(plus(e, 60)), 'Corpus Christi']);
  return out.sort((x, y) => x[0].localeCompare(y[0]));
}

/** Holidays for every year in [fromYear, toYear]. */
export function holidaysBetween(fromYear: number, toYear: number): [string, string][] {
  const out: [string, string][] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...brazilianHolidays(y));
  return out;
}
