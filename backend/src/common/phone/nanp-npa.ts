// NANP area codes (NPAs) → country and state / province, after the NANPA and CNA
// assignment lists (geographic NPAs in service or announced, as of 2025). Overlays are
// listed with the state they overlay. Review when NANPA announces new relief codes;
// nanp-npa.spec.ts cross-checks this table against libphonenumber's metadata.

export interface NanpRegion {
  /** ISO 3166 alpha-2 (PR, VI, GU, AS, MP are US territories with their own codes). */
  country: string;
  /** USPS state / territory code or Canadian province code, when the NPA has one. */
  state?: string;
}

const US_STATES: Record<string, string> = {
  AL: '205 251 256 334 659 938',
  AK: '907',
  AZ: '480 520 602 623 928',
  AR: '327 479 501 870',
  CA: '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951',
  CO: '303 719 720 748 970 983',
  CT: '203 475 860 959',
  DE: '302',
  DC: '202 771',
  FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
  GA: '229 404 470 478 678 706 762 770 912 943',
  HI: '808',
  ID: '208 986',
  IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
  IN: '219 260 317 463 574 765 812 930',
  IA: '319 515 563 641 712',
  KS: '316 620 785 913',
  KY: '270 364 502 606 859',
  LA: '225 318 337 457 504 985',
  ME: '207',
  MD: '227 240 301 410 443 667',
  MA: '339 351 413 508 617 774 781 857 978',
  MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
  MN: '218 320 507 612 651 763 924 952',
  MS: '228 601 662 769',
  MO: '235 314 417 557 573 636 660 816 975',
  MT: '406',
  NE: '308 402 531',
  NV: '702 725 775',
  NH: '603',
  NJ: '201 551 609 640 732 848 856 862 908 973',
  NM: '505 575',
  NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
  NC: '252 336 472 704 743 828 910 919 980 984',
  ND: '701',
  OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
  OK: '405 539 572 580 918',
  OR: '458 503 541 971',
  PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
  RI: '401',
  SC: '803 821 839 843 854 864',
  SD: '605',
  TN: '423 615 629 729 731 865 901 931',
  TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  UT: '385 435 801',
  VT: '802',
  VA: '276 434 540 571 686 703 757 804 826 948',
  WA: '206 253 360 425 509 564',
  WV: '304 681',
  WI: '262 274 353 414 534 608 715 920',
  WY: '307',
};

// Territories dial as domestic US numbers; libphonenumber and ISO give them their own codes.
const US_TERRITORIES: Record<string, string> = {
  PR: '787 939',
  VI: '340',
  GU: '671',
  AS: '684',
  MP: '670',
};

const CA_PROVINCES: Record<string, string> = {
  AB: '368 403 587 780 825',
  BC: '236 250 257 604 672 778',
  MB: '204 431 584',
  NB: '428 506',
  NL: '709 879',
  NS: '782 902', // shared with Prince Edward Island
  ON: '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942',
  QC: '263 354 367 418 438 450 468 514 579 581 819 873',
  SK: '306 474 639',
};
// 867 serves all three territories (YT, NT, NU); 273 is newly assigned to Canada;
// 600 and 622 are Canadian non-geographic services.
const CA_WITHOUT_PROVINCE = '273 600 622 867';

/** Non-US NANP members in the Caribbean and Atlantic: dialled like domestic calls, billed as international. */
export const CARIBBEAN_NANP: Readonly<Record<string, string>> = {
  '242': 'BS',
  '246': 'BB',
  '264': 'AI',
  '268': 'AG',
  '284': 'VG',
  '345': 'KY',
  '441': 'BM',
  '473': 'GD',
  '649': 'TC',
  '658': 'JM',
  '664': 'MS',
  '721': 'SX',
  '758': 'LC',
  '767': 'DM',
  '784': 'VC',
  '809': 'DO',
  '829': 'DO',
  '849': 'DO',
  '868': 'TT',
  '869': 'KN',
  '876': 'JM',
};

export const TOLL_FREE_NPAS: ReadonlySet<string> = new Set(['800', '833', '844', '855', '866', '877', '888']);

// Indexed by NPA value (200-999) for an allocation-free lookup on the ingest path.
const REGIONS: (NanpRegion | undefined)[] = new Array(1000);

function assign(npas: string, region: NanpRegion): void {
  for (const npa of npas.split(' ')) {
    if (REGIONS[Number(npa)]) throw new Error(`NPA ${npa} is listed twice`);
    REGIONS[Number(npa)] = region;
  }
}
for (const [state, npas] of Object.entries(US_STATES)) assign(npas, { country: 'US', state });
for (const [code, npas] of Object.entries(US_TERRITORIES)) assign(npas, { country: code, state: code });
for (const [province, npas] of Object.entries(CA_PROVINCES)) assign(npas, { country: 'CA', state: province });
assign(CA_WITHOUT_PROVINCE, { country: 'CA' });
for (const [npa, country] of Object.entries(CARIBBEAN_NANP)) assign(npa, { country });

/** The NPA of a `+1NXXNXXXXXX` number as a number (e.g. 212), or -1. */
function npaValue(e164: string | null | undefined): number {
  if (!e164 || e164.length !== 12 || e164.charCodeAt(0) !== 43 || e164.charCodeAt(1) !== 49) return -1;
  const a = e164.charCodeAt(2) - 48;
  const b = e164.charCodeAt(3) - 48;
  const c = e164.charCodeAt(4) - 48;
  if (a < 2 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/** Area code of a NANP E.164 number (`+12125550101` → `212`), else null. */
export function nanpAreaCode(e164: string | null | undefined): string | null {
  const npa = npaValue(e164);
  return npa < 0 ? null : String(npa);
}

/** Country (and state / province) of a geographic NANP number; null for non-NANP or non-geographic NPAs. */
export function nanpRegionOf(e164: string | null | undefined): NanpRegion | null {
  const npa = npaValue(e164);
  return npa < 0 ? null : (REGIONS[npa] ?? null);
}

/** Non-US Caribbean / Atlantic NANP destinations (not Puerto Rico or the USVI). */
export function isCaribbeanNanp(e164: string | null | undefined): boolean {
  const npa = npaValue(e164);
  return npa >= 0 && CARIBBEAN_NANP[String(npa)] !== undefined;
}

/** NANP toll-free (8YY) numbers. */
export function isTollFree(e164: string | null | undefined): boolean {
  const npa = npaValue(e164);
  return npa >= 800 && npa < 900 && TOLL_FREE_NPAS.has(String(npa));
}

/** Every NPA in the table, for cross-checks. */
export function nanpTable(): Map<string, NanpRegion> {
  const out = new Map<string, NanpRegion>();
  REGIONS.forEach((r, npa) => r && out.set(String(npa), r));
  return out;
}
