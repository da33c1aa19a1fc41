/**
 * Material families and item-name templates of the demo catalog: what a Nova Corrente warehouse
 * (telecom tower maintenance in the Brazilian Northeast) stocks, with plausible prices, lead times
 * and demand shapes. Names are ERP-style upper case Portuguese; a few carry quotes, semicolons and
 * accents on purpose, to exercise CSV quoting and Windows-1252.
 */

/** Demand shape: consumables move most days; spare parts move rarely, in lumps. */
export type Pattern = 'steady' | 'intermittent' | 'lumpy';

/** One family of similar items; the name is `fmt` with `{0}`, `{1}`… replaced by one value of each `parts` list. */
export interface Template {
  fmt: string;
  parts: string[][];
  unit: string;
  pattern: Pattern;
  /** Unit cost range in BRL (drawn log-uniformly). */
  cost: [number, number];
  /** Supplier lead time range in days. */
  lead: [number, number];
  /** Minimum order quantities to choose from. */
  moq: number[];
  /** Criticality letters drawn uniformly, e.g. 'AAB' = two thirds A. */
  crit: string;
  /** Mean quantity per movement (drawn log-uniformly). */
  size: [number, number];
  /** Daily probability of a movement at one warehouse, before season, trend and weekday. */
  rate: [number, number];
  /** Sensitivity to the April–July rainy season (0 = none, 1 = strong). */
  rain: number;
  /** Yearly demand growth (5G roll-out). */
  growth: number;
}

/** A material family: share of the catalog, code used in SKUs, and name suffixes to keep names unique. */
export interface Family {
  name: string;
  code: string;
  weight: number;
  suffixes: string[];
  templates: Template[];
}

const BY_PATTERN: Record<Pattern, Pick<Template, 'size' | 'rate'>> = {
  steady: { size: [2, 12], rate: [0.35, 0.8] },
  intermittent: { size: [1, 4], rate: [0.015, 0.1] },
  lumpy: { size: [1, 6], rate: [0.004, 0.025] },
};

type Opts = Partial<Omit<Template, 'fmt' | 'parts' | 'pattern'>> & Pick<Template, 'cost' | 'lead'>;

function t(pattern: Pattern, fmt: string, parts: string[][], o: Opts): Template {
  return { fmt, parts, pattern, unit: 'UN', moq: [1], crit: 'BC', rain: 0.3, growth: 0.08, ...BY_PATTERN[pattern], ...o };
}

const M = ['8', '10', '12', '16', '20'];
const IN = ['1/2"', '7/8"', '1.1/4"', '1.5/8"'];
const RF = ['N', '7/16 DIN', '4.3-10'];
const LOCAL: [number, number] = [3, 10];
const NATIONAL: [number, number] = [12, 35];
const IMPORTED: [number, number] = [60, 90];

/** The six families of the demo catalog. */
export const FAMILIES: Family[] = [
  {
    name: 'FERRO E AÇO', code: 'FEA', weight: 22,
    suffixes: ['CISER', 'BELENUS', 'GERDAU', 'ARCELORMITTAL', 'METALTORK', 'FIXTIL', 'SOMA', 'ROSCAFORTE'],
    templates: [
      t('steady', 'PARAFUSO SEXTAVADO M{0}X{1} GALV.', [M, ['25', '30', '40', '50', '60', '70', '80', '100', '120', '150']], { cost: [0.4, 9], lead: LOCAL, moq: [50, 100, 200], crit: 'BCC', size: [8, 60] }),
      t('steady', '{0} M{1} {2}', [['PORCA SEXTAVADA', 'PORCA AUTOTRAVANTE', 'ARRUELA LISA', 'ARRUELA DE PRESSÃO'], M, ['GALV.', 'INOX']], { cost: [0.08, 2.5], lead: LOCAL, moq: [100, 500], crit: 'C', size: [10, 80] }),
      t('steady', 'PARAFUSO ALLEN M{0}X{1} INOX', [['6', '8', '10', '12'], ['20', '30', '40', '50']], { cost: [0.9, 7], lead: LOCAL, moq: [50, 100], crit: 'C', size: [4, 30] }),
      t('intermittent', 'BARRA ROSCADA M{0}X{1}MM {2}', [M, ['1000', '3000'], ['GALV.', 'ZINCADA']], { unit: 'PC', cost: [12, 80], lead: LOCAL, moq: [10, 20] }),
      t('intermittent', 'CANTONEIRA L {0}X{1} GALV. {2}', [['1.1/2"', '2"', '2.1/2"', '3"'], ['3/16"', '1/4"'], ['3M', '6M']], { unit: 'PC', cost: [60, 600], lead: NATIONAL, moq: [1, 6] }),
      t('intermittent', 'PERFIL U ENRIJECIDO {0}X{1}X{2}MM GALV. 6M', [['75', '100', '127', '150'], ['40', '50'], ['2,00', '2,65', '3,00']], { unit: 'PC', cost: [180, 900], lead: NATIONAL, moq: [1, 4] }),
      t('intermittent', 'CHAPA DE LIGAÇÃO {0} FUROS {1} GALV.', [['3', '4', '6', '8'], ['1/4"', '5/16"']], { cost: [15, 120], lead: NATIONAL, moq: [5, 10] }),
      t('intermittent', 'ABRAÇADEIRA TIPO U {0} C/ PORCAS GALV.', [['1"', '1.1/2"', '2"', '2.1/2"', '3"', '4"']], { cost: [4, 30], lead: LOCAL, moq: [10, 50], size: [2, 10] }),
      t('intermittent', 'CHUMBADOR QUÍMICO M{0}X{1}', [['12', '16', '20'], ['160', '190', '250']], { cost: [25, 90], lead: NATIONAL, moq: [10], rain: 0.1 }),
    ],
  },
  {
    name: 'MATERIAL ELÉTRICO', code: 'ELE', weight: 24,
    suffixes: ['PRYSMIAN', 'COMMSCOPE', 'RFS', 'SCHNEIDER', 'WEG', 'STECK', 'SIEMENS', 'TERMOTÉCNICA', 'CLAMPER', 'INTELBRAS', 'MOURA'],
    templates: [
      t('lumpy', 'CABO COAXIAL {0} {1}', [IN, ['CELLFLEX', 'HELIAX', 'SUPERFLEX', 'RADIAFLEX']], { unit: 'M', cost: [12, 140], lead: [45, 75], moq: [100, 500], crit: 'A', size: [15, 80], rain: 0.6, growth: 0.2 }),
      t('intermittent', 'CABO DE COBRE NU {0}MM² P/ ATERRAMENTO', [['16', '25', '35', '50', '70']], { unit: 'M', cost: [15, 75], lead: NATIONAL, moq: [50, 100], crit: 'AB', size: [5, 30], rain: 0.8 }),
      t('steady', 'CABO FLEXÍVEL {0}MM² 750V {1}', [['1,5', '2,5', '4', '6', '10', '16'], ['PRETO', 'AZUL', 'VERMELHO', 'VERDE/AMARELO']], { unit: 'M', cost: [1.2, 18], lead: LOCAL, moq: [100], crit: 'C', size: [3, 25] }),
      t('intermittent', 'CABO PP {0}X{1}MM² 500V', [['2', '3', '4'], ['1,5', '2,5', '4', '6']], { unit: 'M', cost: [4, 35], lead: LOCAL, moq: [50, 100], size: [5, 40] }),
      t('intermittent', 'DISJUNTOR TERMOMAGNÉTICO {0}P {1}A CURVA {2}', [['1', '2', '3'], ['10', '16', '20', '25', '32', '40', '50', '63'], ['C', 'D']], { cost: [12, 280], lead: NATIONAL, moq: [1, 5], crit: 'AB', rain: 0.5 }),
      t('intermittent', 'DPS CLASSE II {0}KA {1}V', [['20', '40', '60'], ['175', '275', '385']], { cost: [60, 420], lead: NATIONAL, moq: [1, 5], crit: 'A', rain: 0.9 }),
      t('intermittent', 'HASTE DE ATERRAMENTO COBREADA {0}X{1}M', [['5/8"', '3/4"'], ['2,40', '3,00']], { unit: 'PC', cost: [35, 160], lead: LOCAL, moq: [5, 10], rain: 0.7 }),
      t('lumpy', 'BATERIA VRLA 12V {0}AH {1}', [['100', '150', '170', '200'], ['FRONT TERMINAL', 'TERMINAL SUPERIOR']], { cost: [1200, 3800], lead: IMPORTED, moq: [4], crit: 'A', size: [2, 8], rain: 0.3 }),
      t('lumpy', 'MÓDULO RETIFICADOR 48VDC {0}A', [['25', '30', '50', '100']], { cost: [2500, 9800], lead: IMPORTED, crit: 'A', size: [1, 2] }),
      t('intermittent', 'LÂMPADA DE BALIZAMENTO LED {0} {1}V', [['SIMPLES', 'DUPLA'], ['48', '110', '220']], { cost: [180, 650], lead: NATIONAL, crit: 'A', rain: 0.6 }),
      t('steady', 'TERMINAL DE COMPRESSÃO {0}MM² {1}', [['16', '25', '35', '50', '70', '95'], ['1 FURO', '2 FUROS']], { cost: [1.5, 14], lead: LOCAL, moq: [50, 100], crit: 'C', size: [2, 12] }),
      t('steady', 'FITA ISOLANTE {0}; {1}', [['19MM X 5M', '19MM X 10M', '19MM X 20M'], ['PRETA', 'AZUL', 'VERMELHA', 'VERDE']], { unit: 'RL', cost: [3, 25], lead: LOCAL, moq: [10, 50], crit: 'C', size: [1, 5] }),
      t('intermittent', 'ELETRODUTO {0} {1} 3M', [['PVC', 'GALV.', 'FLEXÍVEL'], ['3/4"', '1"', '1.1/4"', '2"']], { unit: 'PC', cost: [8, 95], lead: LOCAL, moq: [10] }),
    ],
  },
  {
    name: 'CONECTORES', code: 'CON', weight: 20,
    suffixes: ['HUBER+SUHNER', 'COMMSCOPE', 'RFS', 'AMPHENOL', 'TE', 'SPINNER', 'FURUKAWA'],
    templates: [
      t('intermittent', 'CONECTOR {0} {1} P/ CABO {2}', [[...RF, 'SMA'], ['MACHO', 'FÊMEA'], [...IN.slice(0, 3), 'SUPERFLEX 1/2"']], { cost: [35, 320], lead: [30, 60], moq: [1, 10], crit: 'AAB', rain: 0.7, growth: 0.3 }),
      t('intermittent', 'CONECTOR {0} {1} {2}', [['N', 'TNC', 'BNC'], ['MACHO', 'FÊMEA'], ['7/16 DIN', '4.3-10', 'ÂNGULO 90°']], { cost: [30, 260], lead: [30, 60], moq: [1, 10], crit: 'AB', rain: 0.6, growth: 0.25 }),
      t('intermittent', 'ADAPTADOR {0} {1} X {2} {3}', [RF, ['MACHO', 'FÊMEA'], RF, ['MACHO', 'FÊMEA']], { cost: [45, 280], lead: [30, 60], crit: 'AB', rain: 0.5, growth: 0.3 }),
      t('steady', 'JUMPER {0} {1} / {2} {3}M', [['1/2"', 'SUPERFLEX 1/2"'], ['N MACHO', '7/16 DIN MACHO', '4.3-10 MACHO'], ['N MACHO', '7/16 DIN MACHO', '4.3-10 MACHO', '7/16 DIN FÊMEA'], ['1', '2', '3', '5', '10']], { cost: [90, 650], lead: NATIONAL, moq: [1, 5], crit: 'AB', size: [1, 4], rate: [0.1, 0.4], rain: 0.6, growth: 0.3 }),
      t('intermittent', 'KIT DE ATERRAMENTO P/ CABO {0}', [IN], { unit: 'CJ', cost: [40, 180], lead: [30, 60], moq: [5], crit: 'A', rain: 0.8 }),
      t('steady', 'KIT DE VEDAÇÃO {0} P/ CONECTOR {1}', [['A FRIO', 'TERMOCONTRÁTIL'], RF], { unit: 'CJ', cost: [18, 95], lead: NATIONAL, moq: [10], crit: 'B', size: [1, 4], rate: [0.2, 0.5], rain: 0.9 }),
      t('steady', 'CONECTOR RJ45 CAT{0} {1}', [['5E', '6', '6A'], ['BLINDADO', 'SEM BLINDAGEM']], { cost: [0.9, 6], lead: LOCAL, moq: [100], crit: 'C', size: [2, 10] }),
      t('intermittent', 'CORDÃO ÓPTICO {0}-{1} {2} {3}M', [['LC', 'SC'], ['LC', 'SC', 'FC'], ['SM', 'MM'], ['2', '3', '5', '10', '20']], { cost: [25, 140], lead: NATIONAL, moq: [5, 10], growth: 0.35 }),
    ],
  },
  {
    name: 'ESTRUTURAS', code: 'EST', weight: 12,
    suffixes: ['BRASILSAT', 'SOTREQ', 'TORRESUL', 'METALURGICA NE', 'AMERICAN TOWER', 'SBA'],
    templates: [
      t('lumpy', 'ESTEIRA {0} {1}MM GALV. {2}', [['VERTICAL', 'HORIZONTAL'], ['300', '400', '500', '600'], ['3M', '6M']], { unit: 'PC', cost: [350, 1900], lead: [20, 45], crit: 'BC', size: [2, 8] }),
      t('lumpy', 'SUPORTE DE ANTENA TUBO Ø{0}MM X {1}M GALV.', [['60', '76', '89', '114'], ['1,5', '2,0', '3,0']], { cost: [220, 1400], lead: [20, 45], crit: 'AB', growth: 0.3 }),
      t('lumpy', 'ESCADA MARINHEIRO {0} GUARDA-CORPO MÓDULO {1}M', [['C/', 'S/'], ['3', '6']], { unit: 'PC', cost: [900, 4200], lead: [25, 50] }),
      t('lumpy', 'PLATAFORMA DE {0} P/ TORRE {1} {2}', [['DESCANSO', 'TRABALHO'], ['AUTOPORTANTE', 'ESTAIADA'], ['TRIANGULAR', 'QUADRADA']], { cost: [2500, 12000], lead: [30, 60], size: [1, 2] }),
      t('intermittent', 'PARA-RAIOS FRANKLIN {0} PONTAS {1}', [['3', '4'], ['LATÃO', 'INOX', 'COBRE']], { cost: [90, 480], lead: NATIONAL, crit: 'A', rain: 0.8 }),
      t('lumpy', 'MASTRO {0} Ø{1} X {2}M', [['GALV.', 'TELESCÓPICO'], ['2"', '3"', '4"'], ['3', '4', '6']], { unit: 'PC', cost: [300, 2600], lead: [20, 45], growth: 0.3 }),
      t('steady', 'PRESILHA P/ CABO COAXIAL {0} {1}', [IN, ['SIMPLES', 'DUPLA', 'TRIPLA']], { cost: [2, 18], lead: NATIONAL, moq: [50, 100], crit: 'C', size: [4, 20], rate: [0.15, 0.45], rain: 0.5 }),
      t('intermittent', 'CABO DE AÇO {0} {1} P/ ESTAI', [['1/4"', '5/16"', '3/8"', '1/2"'], ['6X19 AF', '6X25 AA']], { unit: 'M', cost: [6, 40], lead: NATIONAL, moq: [100], size: [10, 60], rain: 0.4 }),
      t('intermittent', 'ESTICADOR {0} {1}', [['OLHAL-OLHAL', 'GANCHO-OLHAL', 'GARFO-GARFO'], ['3/8"', '1/2"', '5/8"', '3/4"']], { cost: [14, 120], lead: NATIONAL, moq: [5], rain: 0.4 }),
    ],
  },
  {
    name: 'EPI', code: 'EPI', weight: 10,
    suffixes: ['CA 15532', 'CA 28011', 'CA 31208', 'CA 37544', 'CA 40216', 'CA 42190', 'CA 11830', 'CA 39076', 'CA 44560', 'CA 35901'],
    templates: [
      t('steady', '{0} TAM. {1}', [['LUVA DE VAQUETA', 'LUVA NITRÍLICA', 'LUVA DE RASPA', 'LUVA ISOLANTE CLASSE 00', 'LUVA ISOLANTE CLASSE 0'], ['7', '8', '9', '10', '11']], { unit: 'PAR', cost: [8, 380], lead: LOCAL, moq: [12, 24], crit: 'B', size: [2, 10], rain: 0.1 }),
      t('steady', 'CAPACETE CLASSE B C/ JUGULAR {0}', [['BRANCO', 'AMARELO', 'AZUL', 'VERMELHO', 'CINZA']], { cost: [35, 90], lead: LOCAL, moq: [10], crit: 'B', size: [1, 4], rate: [0.3, 0.6], rain: 0.1 }),
      t('intermittent', 'CINTO PARAQUEDISTA {0} PONTOS {1} TAM. {2}', [['3', '5'], ['C/ TALABARTE DUPLO', 'S/ TALABARTE'], ['P', 'M', 'G', 'GG']], { cost: [280, 1200], lead: NATIONAL, moq: [1, 2], crit: 'A', rain: 0 }),
      t('intermittent', 'TRAVA-QUEDAS P/ {0}', [['CABO DE AÇO 8MM', 'CORDA 12MM', 'CORDA 16MM']], { cost: [180, 750], lead: NATIONAL, crit: 'A', rain: 0 }),
      t('steady', 'ÓCULOS DE PROTEÇÃO {0} {1}', [['INCOLOR', 'FUMÊ', 'ÂMBAR'], ['ANTIEMBAÇANTE', 'ANTIRRISCO']], { cost: [6, 45], lead: LOCAL, moq: [12], crit: 'C', size: [1, 6], rain: 0.1 }),
      t('steady', 'PROTETOR {0}', [['AURICULAR TIPO PLUG', 'AURICULAR TIPO CONCHA', 'SOLAR FPS 30 120G', 'SOLAR FPS 50 120G', 'SOLAR FPS 60 200G']], { cost: [1.2, 65], lead: LOCAL, moq: [12, 50], crit: 'C', size: [2, 12], rain: -0.3 }),
      t('steady', 'BOTINA DE SEGURANÇA {0} Nº {1}', [['C/ BICO DE COMPOSITE', 'C/ BICO DE AÇO', 'ISOLANTE'], ['37', '38', '39', '40', '41', '42', '43', '44']], { unit: 'PAR', cost: [85, 260], lead: LOCAL, moq: [6], crit: 'B', size: [1, 3], rate: [0.2, 0.45], rain: 0.1 }),
      t('steady', '{0} TAM. {1}', [['CAMISA MANGA LONGA UV50', 'CALÇA BRIM ANTICHAMA', 'JAQUETA ANTICHAMA'], ['P', 'M', 'G', 'GG', 'XG']], { cost: [45, 320], lead: LOCAL, moq: [6], crit: 'C', size: [1, 4], rate: [0.2, 0.45], rain: 0 }),
      t('steady', 'CAPA DE CHUVA PVC "MOTOQUEIRO" TAM. {0}', [['M', 'G', 'GG', 'XG']], { cost: [28, 75], lead: LOCAL, moq: [10], crit: 'C', size: [1, 4], rate: [0.15, 0.35], rain: 1 }),
    ],
  },
  {
    name: 'FERRAMENTAS', code: 'FER', weight: 12,
    suffixes: ['GEDORE', 'TRAMONTINA PRO', 'BELZER', 'STANLEY', 'VONDER', 'FLUKE', 'MINIPA', 'BOSCH', 'MAKITA', 'KNIPEX'],
    templates: [
      t('intermittent', 'CHAVE {0} {1}MM', [['COMBINADA', 'FIXA', 'ESTRELA'], ['8', '10', '13', '14', '17', '19', '22', '24', '27', '32']], { cost: [12, 95], lead: LOCAL, crit: 'C', rain: 0 }),
      t('intermittent', 'ALICATE {0}', [['UNIVERSAL 8"', 'DE CORTE DIAGONAL 6"', 'DE BICO MEIA-CANA 6"', 'CRIMPADOR P/ CONECTOR N', 'CRIMPADOR RJ45', 'DESENCAPADOR AUTOMÁTICO', 'AMPERÍMETRO 400A', 'AMPERÍMETRO 1000A AC/DC']], { cost: [45, 1600], lead: NATIONAL, crit: 'C', rain: 0 }),
      t('lumpy', 'TORQUÍMETRO {0} N.M ENCAIXE {1}', [['5-25', '20-100', '40-200'], ['1/4"', '3/8"', '1/2"']], { cost: [350, 1800], lead: NATIONAL, crit: 'B', size: [1, 2], rain: 0 }),
      t('lumpy', '{0}', [['MULTÍMETRO DIGITAL CAT III 600V', 'MULTÍMETRO DIGITAL CAT IV 1000V', 'TERRÔMETRO DIGITAL 4 TERMINAIS', 'ANALISADOR DE CABO E ANTENA 4GHZ', 'ANALISADOR DE CABO E ANTENA 6GHZ', 'MEDIDOR DE POTÊNCIA ÓPTICA', 'MÁQUINA DE FUSÃO ÓPTICA']], { cost: [250, 68000], lead: IMPORTED, crit: 'AB', size: [1, 1.5], rain: 0, growth: 0.15 }),
      t('intermittent', 'JOGO DE SOQUETES {0} {1} PEÇAS', [['1/4"', '3/8"', '1/2"'], ['10', '22', '40']], { unit: 'CJ', cost: [90, 950], lead: NATIONAL, crit: 'C', rain: 0 }),
      t('steady', 'BROCA {0} {1}MM', [['AÇO RÁPIDO', 'VÍDEA', 'P/ CONCRETO SDS'], ['4', '5', '6', '8', '10', '12', '14']], { unit: 'PC', cost: [4, 60], lead: LOCAL, moq: [10], crit: 'C', size: [1, 5], rate: [0.1, 0.35], rain: 0.1 }),
      t('steady', 'DISCO DE CORTE {0} P/ {1}', [['4.1/2"', '7"'], ['AÇO INOX', 'METAL', 'CONCRETO']], { unit: 'PC', cost: [3, 28], lead: LOCAL, moq: [25, 50], crit: 'C', size: [2, 10], rain: 0.1 }),
      t('intermittent', 'SERRA COPO BIMETÁLICA {0}MM', [['22', '32', '38', '51', '64']], { unit: 'PC', cost: [25, 140], lead: NATIONAL, crit: 'C', rain: 0 }),
    ],
  },
];
