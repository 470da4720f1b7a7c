"""A realistic, deterministic demo of the Kementerian Hukum dan HAM as it stood in 2019.

Pure Python, no Django: ``build_demo_ministry()`` returns the 11 Unit Eselon I, the 33 Kanwil,
about 900 UPT and the two Kawasan of the regulation (Tabel I and II), every call the same.

Choices made here (worth knowing when the demo is shown):

* **33 Kanwil, not 34.** In 2019 Indonesia had 34 provinces, but the ministry had no Kanwil in
  Kalimantan Utara: the Kanwil Kalimantan Timur served both provinces (its successor still
  does in 2025). So the UPT standing in Kalimantan Utara (Tarakan, Nunukan,
  Tanjung Selor, Malinau, Tideng Pale) are listed under the Kanwil Kalimantan Timur, and a
  UPT's province is always the province of its Kanwil.
* **Place names are real** (kota, kabupaten seats or the well-known locality a unit is named
  after, such as Sukamiskin, Cipinang or Nusakambangan); the unit lists follow the real
  network closely but are curated by hand, not copied from an official register, so a class
  or the odd unit may differ from the ministry's own list.
* ``city`` is the town where the unit stands: the place in its name, or the city around the
  locality it is named after (``Sukamiskin`` -> ``Bandung``).
* **Codes** are ``<UPT type>-<Kanwil key>-<nn>``, numbered in the order of the tables below,
  so they stay stable as long as entries are only appended.

Each province's units are written as ``;``-separated entries of a small notation:
``[Qualifier] Grade Place[@City]``, e.g. ``Narkotika IIA Pematang Siantar`` or
``I Sukamiskin@Bandung``; Rudenim, BHP and Balai Diklat have no grade (``Place[@City]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# --------------------------------------------------------------------------------------------
# Public shapes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EselonSpec:
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class KanwilSpec:
    code: str
    name: str
    province: str


@dataclass(frozen=True)
class UptSpec:
    code: str
    name: str
    upt_type: str
    kanwil_code: str
    pembina_code: str
    city: str


@dataclass(frozen=True)
class KawasanMemberSpec:
    instansi: str
    unit_name: str
    upt_code: str | None  # set only for the ministry's own UPT (the immigration office)


@dataclass(frozen=True)
class KawasanSpec:
    code: str
    name: str
    kind: str  # "bandara" | "pelabuhan"
    province: str
    members: tuple[KawasanMemberSpec, ...]


@dataclass(frozen=True)
class DemoMinistry:
    eselon: tuple[EselonSpec, ...]
    kanwil: tuple[KanwilSpec, ...]
    upt: tuple[UptSpec, ...]
    kawasan: tuple[KawasanSpec, ...]


# --------------------------------------------------------------------------------------------
# Unit Eselon I, UPT types and their pembina
# --------------------------------------------------------------------------------------------

_ESELON_I: tuple[EselonSpec, ...] = (
    EselonSpec("SETJEN", "Sekretariat Jenderal", "Setjen"),
    EselonSpec("ITJEN", "Inspektorat Jenderal", "Itjen"),
    EselonSpec("DJAHU", "Direktorat Jenderal Administrasi Hukum Umum", "Ditjen AHU"),
    EselonSpec("DJIM", "Direktorat Jenderal Imigrasi", "Ditjen Imigrasi"),
    EselonSpec("DJPAS", "Direktorat Jenderal Pemasyarakatan", "Ditjen Pemasyarakatan"),
    EselonSpec("DJKI", "Direktorat Jenderal Kekayaan Intelektual", "Ditjen KI"),
    EselonSpec("DJPP", "Direktorat Jenderal Peraturan Perundang-undangan", "Ditjen PP"),
    EselonSpec("DJHAM", "Direktorat Jenderal Hak Asasi Manusia", "Ditjen HAM"),
    EselonSpec("BPHN", "Badan Pembinaan Hukum Nasional", "BPHN"),
    EselonSpec("BALITBANG", "Badan Penelitian dan Pengembangan Hukum dan HAM", "Balitbangkumham"),
    EselonSpec("BPSDM", "Badan Pengembangan Sumber Daya Manusia Hukum dan HAM", "BPSDM"),
)

UPT_TYPES: dict[str, str] = {
    "KANIM": "Kantor Imigrasi",
    "RUDENIM": "Rumah Detensi Imigrasi",
    "LAPAS": "Lembaga Pemasyarakatan",
    "LPKA": "Lembaga Pembinaan Khusus Anak",
    "RUTAN": "Rumah Tahanan Negara",
    "BAPAS": "Balai Pemasyarakatan",
    "RUPBASAN": "Rumah Penyimpanan Benda Sitaan Negara",
    "BHP": "Balai Harta Peninggalan",
    "BALAI_DIKLAT": "Balai Pendidikan dan Pelatihan Hukum dan HAM",
}

PEMBINA_BY_UPT_TYPE: dict[str, str] = {
    "KANIM": "DJIM",
    "RUDENIM": "DJIM",
    "LAPAS": "DJPAS",
    "LPKA": "DJPAS",
    "RUTAN": "DJPAS",
    "BAPAS": "DJPAS",
    "RUPBASAN": "DJPAS",
    "BHP": "DJAHU",
    "BALAI_DIKLAT": "BPSDM",
}

KANWIL_PEMBINA_CODE: str = "SETJEN"

# --------------------------------------------------------------------------------------------
# Provinces and their units (2019)
# --------------------------------------------------------------------------------------------

_SUMATERA = "Sumatera"
_JAWA = "Jawa"
_BALI_NUSRA = "Bali dan Nusa Tenggara"
_KALIMANTAN = "Kalimantan"
_SULAWESI = "Sulawesi"
_MALUKU_PAPUA = "Maluku dan Papua"


@dataclass(frozen=True)
class _Province:
    key: str  # short key of the Kanwil code: "KW-<key>"
    name: str
    island: str
    kanim: str
    lapas: str
    rutan: str
    lpka: str
    bapas: str
    rupbasan: str
    rudenim: str = ""
    bhp: str = ""
    diklat: str = ""


_PROVINCES: tuple[_Province, ...] = (
    # ---------------------------------------------------------------- Sumatera
    _Province(
        "ACEH",
        "Aceh",
        _SUMATERA,
        kanim="I TPI Banda Aceh; II TPI Lhokseumawe; II TPI Langsa; II TPI Sabang; "
        "II Non TPI Meulaboh; II Non TPI Takengon",
        lapas="IIA Banda Aceh; Narkotika IIB Langsa; Perempuan III Sigli; IIA Lhokseumawe; "
        "IIB Langsa; IIB Meulaboh; IIB Kutacane; IIB Takengon; IIB Tapaktuan; IIB Lhoksukon; "
        "IIB Singkil; III Meureudu; IIB Subulussalam",
        rutan="IIB Banda Aceh; IIB Sigli; IIB Jantho; IIB Bireuen; IIB Idi; IIB Kuala Simpang; "
        "IIB Blangkejeren; IIB Blangpidie; IIB Sinabang; IIB Calang; IIB Suka Makmue; "
        "IIB Simpang Tiga Redelong",
        lpka="II Banda Aceh",
        bapas="II Banda Aceh; II Meulaboh; II Lhokseumawe",
        rupbasan="II Banda Aceh; II Lhokseumawe",
    ),
    _Province(
        "SUMUT",
        "Sumatera Utara",
        _SUMATERA,
        kanim="I Khusus TPI Medan; I TPI Belawan@Medan; I Non TPI Polonia@Medan; "
        "II TPI Sibolga; II TPI Tanjung Balai Asahan@Tanjung Balai; II Non TPI Pematang Siantar",
        lapas="I Medan; Perempuan IIA Medan; Narkotika IIA Pematang Siantar; "
        "Narkotika IIA Langkat@Stabat; IIA Binjai; IIA Pematang Siantar; IIA Sibolga; "
        "IIA Labuhan Ruku; IIA Lubuk Pakam; IIA Rantau Prapat; IIB Tebing Tinggi; "
        "IIB Tanjung Balai; IIB Padangsidimpuan; IIB Siborong-borong; IIB Tanjung Pura; "
        "IIB Kisaran; IIB Sidikalang; IIB Panyabungan; IIB Gunungsitoli; IIB Kota Pinang; "
        "III Salak; III Teluk Dalam; IIB Pangururan",
        rutan="I Medan; IIB Labuhan Deli@Medan; IIB Kabanjahe; IIB Tarutung; IIB Balige; "
        "IIB Pangkalan Brandan; IIB Gunung Tua; IIB Sibuhuan; IIB Pancur Batu; IIB Sei Rampah; "
        "IIB Dolok Sanggul; IIB Pematang Raya; IIB Limapuluh; IIB Sipirok",
        lpka="I Medan",
        bapas="I Medan; II Sibolga; II Pematang Siantar; II Padangsidimpuan; II Tanjung Balai",
        rupbasan="I Medan; II Binjai; II Pematang Siantar; II Sibolga",
        rudenim="Medan",
        bhp="Medan",
        diklat="Medan",
    ),
    _Province(
        "SUMBAR",
        "Sumatera Barat",
        _SUMATERA,
        kanim="I TPI Padang; II Non TPI Agam@Bukittinggi",
        lapas="IIA Padang; Narkotika IIA Sawahlunto; Perempuan III Padang; IIA Bukittinggi; "
        "IIB Solok; IIB Payakumbuh; IIB Lubuk Basung; IIB Pariaman; IIB Muaro Sijunjung; "
        "IIB Talu; IIB Padang Panjang",
        rutan="IIB Padang; IIB Batusangkar; IIB Painan; IIB Lubuk Sikaping; IIB Muaro Labuh; "
        "IIB Pulau Punjung; IIB Tuapejat",
        lpka="II Tanjung Pati",
        bapas="I Padang; II Bukittinggi",
        rupbasan="I Padang; II Solok",
    ),
    _Province(
        "RIAU",
        "Riau",
        _SUMATERA,
        kanim="I TPI Pekanbaru; II TPI Dumai; II TPI Bengkalis; II TPI Bagan Siapiapi; "
        "II TPI Selatpanjang; II TPI Tembilahan; II Non TPI Siak@Siak Sri Indrapura",
        lapas="IIA Pekanbaru; Perempuan IIA Pekanbaru; IIA Bangkinang; IIA Bengkalis; "
        "IIB Tembilahan; IIB Teluk Kuantan; IIB Pasir Pengaraian; IIB Rengat; "
        "IIB Selatpanjang; IIB Bagan Siapiapi; IIB Siak Sri Indrapura",
        rutan="I Pekanbaru; IIB Dumai; IIB Pangkalan Kerinci; IIB Siak Sri Indrapura; "
        "IIB Bengkalis; IIB Bangkinang; IIB Ujung Batu",
        lpka="II Pekanbaru",
        bapas="II Pekanbaru; II Bangkinang; II Bengkalis",
        rupbasan="II Pekanbaru; II Dumai",
        rudenim="Pekanbaru",
    ),
    _Province(
        "KEPRI",
        "Kepulauan Riau",
        _SUMATERA,
        kanim="I Khusus TPI Batam; I TPI Tanjung Pinang; II TPI Tanjung Uban; "
        "II TPI Tanjung Balai Karimun; II TPI Ranai; II TPI Tarempa; "
        "II TPI Belakang Padang@Batam; II Non TPI Dabo Singkep",
        lapas="IIA Batam; IIA Tanjung Pinang; Narkotika IIA Tanjung Pinang; Perempuan IIB Batam; "
        "IIB Tanjung Balai Karimun; III Ranai",
        rutan="IIA Batam; IIA Tanjung Pinang; IIB Tanjung Balai Karimun; IIB Dabo Singkep; "
        "IIB Tarempa",
        lpka="II Batam",
        bapas="II Tanjung Pinang; II Batam",
        rupbasan="II Batam; II Tanjung Pinang",
        rudenim="Tanjung Pinang",
    ),
    _Province(
        "JAMBI",
        "Jambi",
        _SUMATERA,
        kanim="I TPI Jambi; II Non TPI Kerinci@Sungai Penuh",
        lapas="IIA Jambi; Narkotika IIA Muara Sabak; Perempuan IIB Jambi; IIB Muara Bungo; "
        "IIB Muara Bulian; IIB Kuala Tungkal; IIB Sarolangun; IIB Bangko; IIB Muara Tebo; "
        "IIB Sungai Penuh",
        rutan="IIA Jambi; IIB Sengeti; IIB Muara Sabak; IIB Muara Tembesi",
        lpka="II Muara Bulian",
        bapas="II Jambi; II Muara Bungo",
        rupbasan="II Jambi; II Muara Bungo",
    ),
    _Province(
        "SUMSEL",
        "Sumatera Selatan",
        _SUMATERA,
        kanim="I TPI Palembang; II Non TPI Muara Enim",
        lapas="I Palembang; Narkotika IIA Palembang; Perempuan IIA Palembang; IIA Lubuklinggau; "
        "IIB Lahat; IIB Muara Enim; IIB Tanjung Raja; IIB Kayu Agung; IIB Sekayu; "
        "IIB Baturaja; IIB Pagar Alam; IIB Empat Lawang@Tebing Tinggi; "
        "IIB Banyuasin@Pangkalan Balai",
        rutan="I Palembang; IIB Prabumulih; IIB Pangkalan Balai; IIB Muara Dua; IIB Muara Rupit; "
        "IIB Indralaya; IIB Martapura; IIB Muara Beliti",
        lpka="I Palembang",
        bapas="I Palembang; II Lahat; II Baturaja",
        rupbasan="I Palembang; II Baturaja",
        diklat="Palembang",
    ),
    _Province(
        "BABEL",
        "Kepulauan Bangka Belitung",
        _SUMATERA,
        kanim="I TPI Pangkal Pinang; II TPI Tanjung Pandan",
        lapas="IIA Pangkal Pinang; Narkotika IIA Pangkal Pinang; Perempuan III Pangkal Pinang; "
        "IIB Tanjung Pandan; III Sungailiat",
        rutan="IIB Pangkal Pinang; IIB Muntok; IIB Toboali; IIB Koba",
        lpka="II Pangkal Pinang",
        bapas="II Pangkal Pinang",
        rupbasan="II Pangkal Pinang",
    ),
    _Province(
        "BENGKULU",
        "Bengkulu",
        _SUMATERA,
        kanim="I TPI Bengkulu",
        lapas="IIA Bengkulu; Perempuan III Bengkulu; IIA Curup; IIB Arga Makmur; IIB Manna; "
        "IIB Mukomuko",
        rutan="IIB Bengkulu; IIB Kepahiang; IIB Bintuhan; IIB Tais",
        lpka="II Bengkulu",
        bapas="II Bengkulu",
        rupbasan="II Bengkulu",
    ),
    _Province(
        "LAMPUNG",
        "Lampung",
        _SUMATERA,
        kanim="I TPI Bandar Lampung; II Non TPI Kotabumi",
        lapas="I Bandar Lampung; Narkotika IIA Bandar Lampung; Perempuan IIA Bandar Lampung; "
        "IIA Metro; IIA Kalianda; IIA Kotabumi; IIB Kota Agung; IIB Sukadana; "
        "IIB Blambangan Umpu; IIB Gunung Sugih; III Krui",
        rutan="I Bandar Lampung; IIB Menggala; IIB Liwa; IIB Pringsewu; IIB Gedong Tataan",
        lpka="II Bandar Lampung",
        bapas="II Bandar Lampung; II Metro",
        rupbasan="II Bandar Lampung; II Metro",
    ),
    # ---------------------------------------------------------------- Jawa
    _Province(
        "DKI",
        "DKI Jakarta",
        _JAWA,
        kanim="I Khusus Non TPI Jakarta Selatan; I TPI Jakarta Utara; I Non TPI Jakarta Pusat; "
        "I Non TPI Jakarta Barat; I Non TPI Jakarta Timur",
        lapas="I Cipinang@Jakarta Timur; Narkotika IIA Jakarta@Jakarta Timur; "
        "Perempuan IIA Jakarta@Jakarta Timur; IIA Salemba@Jakarta Pusat; "
        "Terbuka IIB Jakarta@Jakarta Selatan",
        rutan="I Jakarta Pusat; I Cipinang@Jakarta Timur; IIA Jakarta Timur; IIB Jakarta Barat; "
        "IIB Jakarta Selatan; IIB Jakarta Utara",
        lpka="II Jakarta@Jakarta Timur",
        bapas="I Jakarta Pusat; I Jakarta Selatan; I Jakarta Timur-Utara@Jakarta Timur; "
        "I Jakarta Barat",
        rupbasan="I Jakarta Pusat; I Jakarta Barat; I Jakarta Timur; I Jakarta Selatan; "
        "I Jakarta Utara",
        rudenim="Jakarta@Jakarta Barat",
        bhp="Jakarta@Jakarta Pusat",
    ),
    _Province(
        "JABAR",
        "Jawa Barat",
        _JAWA,
        kanim="I TPI Bandung; I Non TPI Bogor; II Non TPI Depok; II Non TPI Bekasi; "
        "II Non TPI Karawang; II TPI Cirebon; II Non TPI Sukabumi; II Non TPI Tasikmalaya; "
        "II Non TPI Cianjur",
        lapas="I Sukamiskin@Bandung; IIA Banceuy@Bandung; Narkotika IIA Bandung; "
        "Perempuan IIA Bandung; III Bandung; I Cirebon; Narkotika IIA Cirebon; IIA Bogor; "
        "IIA Cibinong@Bogor; Khusus IIA Gunung Sindur@Bogor; Narkotika IIA Gunung Sindur@Bogor; "
        "IIA Bekasi; IIA Cikarang; IIA Karawang; IIA Subang; IIB Garut; IIB Cianjur; "
        "IIB Sukabumi; III Warungkiara@Sukabumi; IIB Tasikmalaya; IIB Ciamis; IIB Banjar; "
        "IIB Indramayu; IIB Purwakarta; III Pangandaran",
        rutan="I Bandung; I Cirebon; I Depok; IIB Sumedang; IIB Majalengka; IIB Kuningan; "
        "IIB Soreang; IIB Pelabuhan Ratu; IIB Cibadak@Sukabumi; IIB Bekasi; IIB Cianjur; "
        "IIB Singaparna; IIB Ngamprah",
        lpka="II Bandung",
        bapas="I Bandung; I Bogor; II Cirebon; II Garut; II Karawang; II Sukabumi; "
        "II Tasikmalaya; II Bekasi",
        rupbasan="I Bandung; I Bogor; II Cirebon; II Bekasi; II Tasikmalaya",
        diklat="Bandung",
    ),
    _Province(
        "BANTEN",
        "Banten",
        _JAWA,
        kanim="I Khusus TPI Soekarno-Hatta@Tangerang; I Non TPI Tangerang; I TPI Serang; "
        "II Non TPI Cilegon",
        lapas="I Tangerang; Pemuda IIA Tangerang; Perempuan IIA Tangerang; IIA Serang; "
        "IIA Cilegon; III Rangkasbitung; Terbuka IIB Ciangir@Tangerang",
        rutan="I Tangerang; IIB Serang; IIB Pandeglang; IIB Tigaraksa",
        lpka="I Tangerang",
        bapas="I Tangerang; II Serang",
        rupbasan="I Tangerang; II Serang",
    ),
    _Province(
        "JATENG",
        "Jawa Tengah",
        _JAWA,
        kanim="I TPI Semarang; I Non TPI Surakarta; II TPI Cilacap; II Non TPI Pati; "
        "II Non TPI Pemalang; II Non TPI Wonosobo",
        lapas="I Semarang; Perempuan IIA Semarang; I Batu@Cilacap; IIA Besi@Cilacap; "
        "IIA Kembang Kuning@Cilacap; IIA Permisan@Cilacap; IIA Pasir Putih@Cilacap; "
        "IIA Karanganyar@Cilacap; Narkotika IIA Nusakambangan@Cilacap; "
        "Terbuka IIB Nusakambangan@Cilacap; IIA Pekalongan; IIA Kendal; Terbuka IIB Kendal; "
        "IIA Sragen; IIA Magelang; IIA Ambarawa; IIA Purwokerto; IIB Cilacap; IIB Pati; "
        "IIB Kudus; IIB Jepara; IIB Rembang; IIB Brebes; IIB Tegal; IIB Slawi; "
        "IIB Banjarnegara; IIB Purworejo; IIB Klaten; IIB Purbalingga",
        rutan="I Semarang; I Surakarta; IIB Salatiga; IIB Boyolali; IIB Wonogiri; "
        "IIB Sukoharjo; IIB Kebumen; IIB Wonosobo; IIB Temanggung; IIB Demak; IIB Batang; "
        "IIB Pemalang; IIB Blora; IIB Purwodadi; IIB Banyumas; IIB Majenang; IIB Ungaran",
        lpka="I Kutoarjo",
        bapas="I Semarang; I Surakarta; II Pati; II Magelang; II Purwokerto; II Pekalongan; "
        "II Klaten",
        rupbasan="I Semarang; II Surakarta; II Pati; II Cilacap; II Purwokerto",
        rudenim="Semarang",
        bhp="Semarang",
        diklat="Semarang",
    ),
    _Province(
        "DIY",
        "Daerah Istimewa Yogyakarta",
        _JAWA,
        kanim="I TPI Yogyakarta",
        lapas="IIA Yogyakarta; Narkotika IIA Yogyakarta; Perempuan IIB Yogyakarta; IIB Sleman",
        rutan="IIB Bantul; IIB Wates; IIB Wonosari",
        lpka="II Yogyakarta",
        bapas="I Yogyakarta; II Wonosari",
        rupbasan="II Yogyakarta",
    ),
    _Province(
        "JATIM",
        "Jawa Timur",
        _JAWA,
        kanim="I Khusus TPI Surabaya; I TPI Tanjung Perak@Surabaya; I TPI Malang; "
        "II Non TPI Blitar; II Non TPI Madiun; II Non TPI Kediri; II Non TPI Jember; "
        "II Non TPI Pamekasan; II Non TPI Ponorogo",
        lapas="I Surabaya@Sidoarjo; I Malang; I Madiun; Pemuda IIA Madiun; Perempuan IIA Malang; "
        "Narkotika IIA Pamekasan; IIA Pamekasan; IIA Jember; IIA Banyuwangi; IIA Kediri; "
        "IIA Bojonegoro; IIA Lamongan; IIA Sidoarjo; IIA Pasuruan; IIA Bangkalan; "
        "IIB Mojokerto; IIB Jombang; IIB Tulungagung; IIB Blitar; IIB Lumajang; "
        "IIB Probolinggo; IIB Situbondo; IIB Bondowoso; IIB Sumenep; IIB Tuban; IIB Ngawi; "
        "IIB Magetan; IIB Ponorogo; IIB Nganjuk",
        rutan="I Surabaya@Sidoarjo; IIB Gresik; IIB Sampang; IIB Pacitan; IIB Trenggalek; "
        "IIB Kraksaan; IIB Bangil; IIB Caruban; IIB Kepanjen; IIB Mojosari; IIB Kanigoro; "
        "IIB Kertosono",
        lpka="I Blitar",
        bapas="I Surabaya; I Malang; II Kediri; II Madiun; II Bojonegoro; II Jember; II Pamekasan",
        rupbasan="I Surabaya; II Malang; II Kediri; II Madiun; II Jember",
        rudenim="Surabaya@Pasuruan",
        bhp="Surabaya",
        diklat="Surabaya",
    ),
    # ---------------------------------------------------------------- Bali dan Nusa Tenggara
    _Province(
        "BALI",
        "Bali",
        _BALI_NUSRA,
        kanim="I Khusus TPI Ngurah Rai@Badung; I TPI Denpasar; II TPI Singaraja",
        lapas="IIA Kerobokan@Badung; Narkotika IIA Bangli; Perempuan III Denpasar; "
        "IIB Singaraja; IIB Tabanan; IIB Karangasem",
        rutan="IIB Bangli; IIB Gianyar; IIB Negara; IIB Klungkung",
        lpka="II Karangasem",
        bapas="I Denpasar; II Karangasem",
        rupbasan="I Denpasar",
        rudenim="Denpasar@Badung",
        diklat="Denpasar",
    ),
    _Province(
        "NTB",
        "Nusa Tenggara Barat",
        _BALI_NUSRA,
        kanim="I TPI Mataram; II TPI Sumbawa Besar; II Non TPI Bima",
        lapas="IIA Mataram; Perempuan III Mataram; IIB Lombok Barat@Gerung; IIB Selong; "
        "IIA Sumbawa Besar; IIB Bima",
        rutan="IIA Mataram; IIB Praya; IIB Dompu; IIB Taliwang",
        lpka="III Lombok Tengah@Praya",
        bapas="I Mataram; II Sumbawa Besar",
        rupbasan="II Mataram",
    ),
    _Province(
        "NTT",
        "Nusa Tenggara Timur",
        _BALI_NUSRA,
        kanim="I TPI Kupang; II TPI Atambua; II TPI Maumere; II TPI Labuan Bajo",
        lapas="IIA Kupang; Perempuan III Kupang; IIB Atambua; IIB Ende; IIB Maumere; "
        "IIB Waingapu; IIB Kalabahi; IIB Ruteng; IIB Waikabubak; III Larantuka; III Bajawa",
        rutan="IIB Kupang; IIB Kefamenanu; IIB Soe; IIB Ba'a; IIB Lewoleba; IIB Labuan Bajo; "
        "IIB Betun; IIB Mbay; IIB Borong",
        lpka="I Kupang",
        bapas="II Kupang; II Atambua; II Ende; II Waingapu",
        rupbasan="II Kupang; II Atambua",
        rudenim="Kupang",
    ),
    # ---------------------------------------------------------------- Kalimantan
    _Province(
        "KALBAR",
        "Kalimantan Barat",
        _KALIMANTAN,
        kanim="I TPI Pontianak; II TPI Entikong; II TPI Singkawang; II Non TPI Sanggau; "
        "II Non TPI Sambas; II Non TPI Putussibau; II Non TPI Ketapang",
        lapas="IIA Pontianak; Perempuan III Pontianak; IIB Singkawang; IIB Ketapang; "
        "IIB Sanggau; IIB Sintang; IIB Putussibau; IIB Sambas; IIB Bengkayang; "
        "III Nanga Pinoh",
        rutan="IIA Pontianak; IIB Mempawah; IIB Ngabang; IIB Sekadau; IIB Sukadana",
        lpka="II Sungai Raya",
        bapas="I Pontianak; II Singkawang; II Sintang",
        rupbasan="II Pontianak; II Singkawang",
        rudenim="Pontianak",
    ),
    _Province(
        "KALTENG",
        "Kalimantan Tengah",
        _KALIMANTAN,
        kanim="I Non TPI Palangka Raya; II TPI Sampit; II Non TPI Pangkalan Bun",
        lapas="IIA Palangka Raya; Narkotika IIA Kasongan; Perempuan III Palangka Raya; "
        "IIB Sampit; IIB Pangkalan Bun; IIB Muara Teweh; IIB Kuala Kapuas; III Kuala Kurun",
        rutan="IIA Palangka Raya; IIB Buntok; IIB Tamiang Layang; IIB Nanga Bulik; "
        "IIB Kuala Pembuang; IIB Puruk Cahu",
        lpka="II Palangka Raya",
        bapas="II Palangka Raya; II Pangkalan Bun",
        rupbasan="II Palangka Raya",
    ),
    _Province(
        "KALSEL",
        "Kalimantan Selatan",
        _KALIMANTAN,
        kanim="I TPI Banjarmasin; II Non TPI Batulicin",
        lapas="IIA Banjarmasin; Narkotika IIA Karang Intan@Martapura; Perempuan IIA Martapura; "
        "IIB Banjarbaru; IIB Kotabaru; IIB Barabai; IIB Amuntai; IIB Tanjung; IIB Pelaihari; "
        "III Batulicin",
        rutan="IIA Banjarmasin; IIB Kandangan; IIB Rantau; IIB Marabahan; IIB Paringin",
        lpka="II Martapura",
        bapas="I Banjarmasin; II Barabai",
        rupbasan="II Banjarmasin; II Barabai",
    ),
    _Province(
        # Also serves Kalimantan Utara (Tarakan, Nunukan, Tanjung Selor, Malinau, Tideng Pale).
        "KALTIM",
        "Kalimantan Timur",
        _KALIMANTAN,
        kanim="I TPI Samarinda; I TPI Balikpapan; II TPI Tarakan; II TPI Nunukan; "
        "II Non TPI Tanjung Redeb",
        lapas="IIA Samarinda; Narkotika III Samarinda; Perempuan IIA Samarinda; IIA Balikpapan; "
        "IIA Tenggarong; IIA Tarakan; IIB Bontang; IIB Tanah Grogot; IIB Nunukan; "
        "IIB Tanjung Redeb; III Malinau; III Sendawar",
        rutan="IIA Samarinda; IIB Balikpapan; IIB Sangatta; IIB Tanjung Selor; IIB Penajam; "
        "IIB Tideng Pale",
        lpka="II Samarinda",
        bapas="II Samarinda; II Balikpapan; II Tarakan",
        rupbasan="II Samarinda; II Tarakan",
        rudenim="Balikpapan",
    ),
    # ---------------------------------------------------------------- Sulawesi
    _Province(
        "SULUT",
        "Sulawesi Utara",
        _SULAWESI,
        kanim="I TPI Manado; II TPI Bitung; II TPI Tahuna",
        lapas="IIA Manado; Perempuan III Manado; IIA Kotamobagu; IIB Bitung; IIB Tondano; "
        "IIB Amurang; III Tahuna",
        rutan="IIA Manado; IIB Airmadidi; IIB Melonguane; IIB Tomohon; IIB Ratahan",
        lpka="II Tomohon",
        bapas="I Manado; II Kotamobagu",
        rupbasan="II Manado",
        rudenim="Manado",
        diklat="Manado",
    ),
    _Province(
        "GORONTALO",
        "Gorontalo",
        _SULAWESI,
        kanim="I TPI Gorontalo",
        lapas="IIA Gorontalo; Perempuan III Gorontalo; IIB Boalemo@Tilamuta",
        rutan="IIB Gorontalo; IIB Limboto; IIB Marisa; IIB Kwandang",
        lpka="II Gorontalo",
        bapas="II Gorontalo",
        rupbasan="II Gorontalo",
    ),
    _Province(
        "SULTENG",
        "Sulawesi Tengah",
        _SULAWESI,
        kanim="I TPI Palu; II Non TPI Luwuk",
        lapas="IIA Palu; Perempuan III Palu; IIB Luwuk; IIB Tolitoli; IIB Parigi; IIB Ampana; "
        "III Banggai",
        rutan="IIA Palu; IIB Poso; IIB Donggala; IIB Buol; IIB Kolonedale; IIB Bungku",
        lpka="II Palu",
        bapas="II Palu; II Luwuk",
        rupbasan="II Palu",
    ),
    _Province(
        "SULBAR",
        "Sulawesi Barat",
        _SULAWESI,
        kanim="II Non TPI Mamuju",
        lapas="IIB Polewali; IIB Majene; III Mamuju",
        rutan="IIB Mamuju; IIB Pasangkayu; IIB Mamasa",
        lpka="II Mamuju",
        bapas="II Mamuju",
        rupbasan="II Mamuju",
    ),
    _Province(
        "SULSEL",
        "Sulawesi Selatan",
        _SULAWESI,
        kanim="I Khusus TPI Makassar; II Non TPI Parepare; II Non TPI Palopo",
        lapas="I Makassar; Narkotika IIA Sungguminasa; Perempuan IIA Sungguminasa; "
        "IIA Parepare; IIA Watampone; IIA Palopo; IIA Bulukumba; IIB Takalar; IIB Jeneponto; "
        "IIB Bantaeng; IIB Sinjai; IIB Sengkang; IIB Sidrap@Pangkajene Sidenreng; "
        "IIB Pinrang; IIB Barru; IIB Watansoppeng; III Bolangi@Sungguminasa",
        rutan="I Makassar; IIB Maros; IIB Pangkajene; IIB Enrekang; IIB Makale; IIB Masamba; "
        "IIB Malili; IIB Selayar@Benteng; IIB Belopa",
        lpka="II Maros",
        bapas="I Makassar; II Watampone; II Palopo; II Parepare",
        rupbasan="I Makassar; II Watampone",
        rudenim="Makassar",
        bhp="Makassar",
        diklat="Makassar",
    ),
    _Province(
        "SULTRA",
        "Sulawesi Tenggara",
        _SULAWESI,
        kanim="I TPI Kendari; II Non TPI Baubau",
        lapas="IIA Kendari; Perempuan III Kendari; IIA Baubau; IIB Kolaka; IIB Raha; "
        "III Wangi-Wangi",
        rutan="IIA Kendari; IIB Pasarwajo; IIB Lasusua; IIB Andoolo; IIB Unaaha; IIB Rumbia",
        lpka="II Kendari",
        bapas="II Kendari; II Baubau",
        rupbasan="II Kendari",
    ),
    # ---------------------------------------------------------------- Maluku dan Papua
    _Province(
        "MALUKU",
        "Maluku",
        _MALUKU_PAPUA,
        kanim="I TPI Ambon; II TPI Tual; II Non TPI Saumlaki",
        lapas="IIA Ambon; Perempuan III Ambon; IIB Tual; IIB Masohi; III Saumlaki; III Namlea",
        rutan="IIA Ambon; IIB Saparua; IIB Piru; IIB Dobo; IIB Bula; IIB Langgur",
        lpka="II Ambon",
        bapas="II Ambon; II Tual",
        rupbasan="II Ambon",
    ),
    _Province(
        "MALUT",
        "Maluku Utara",
        _MALUKU_PAPUA,
        kanim="I TPI Ternate; II Non TPI Tobelo",
        lapas="IIA Ternate; IIB Tobelo; III Labuha",
        rutan="IIB Soasio; IIB Sanana; IIB Weda; IIB Jailolo; IIB Daruba",
        lpka="II Ternate",
        bapas="II Ternate",
        rupbasan="II Ternate",
    ),
    _Province(
        "PAPUA",
        "Papua",
        _MALUKU_PAPUA,
        kanim="I TPI Jayapura; II TPI Merauke; II TPI Biak; II TPI Mimika@Timika",
        lapas="IIA Abepura@Jayapura; Narkotika IIA Jayapura; IIB Biak; IIB Nabire; IIB Timika; "
        "IIB Merauke; III Wamena; IIB Serui; III Sarmi",
        rutan="IIB Jayapura; IIB Sentani; IIB Tanah Merah; IIB Agats; IIB Oksibil; IIB Mulia; "
        "IIB Kepi",
        lpka="II Jayapura",
        bapas="II Jayapura; II Merauke",
        rupbasan="II Jayapura",
        rudenim="Jayapura",
    ),
    _Province(
        "PABAR",
        "Papua Barat",
        _MALUKU_PAPUA,
        kanim="I TPI Sorong; II TPI Manokwari",
        lapas="IIB Sorong; IIB Manokwari; IIB Fakfak; III Kaimana",
        rutan="IIB Teminabuan; IIB Bintuni; IIB Waisai; IIB Aimas",
        lpka="II Manokwari",
        bapas="II Sorong; II Manokwari",
        rupbasan="II Sorong",
    ),
)

# Island group of each province, for summaries and tests.
_ISLAND_BY_PROVINCE: dict[str, str] = {p.name: p.island for p in _PROVINCES}

# --------------------------------------------------------------------------------------------
# The two Kawasan: the units of Tabel I (airport) and Tabel II (port) of the regulation
# --------------------------------------------------------------------------------------------

_KEMENHUB = "Kementerian Perhubungan"
_KEMENKEU = "Kementerian Keuangan"
_KEMENKUMHAM = "Kementerian Hukum dan Hak Asasi Manusia"
_KKP = "Kementerian Kelautan dan Perikanan"
_KEMENKES = "Kementerian Kesehatan"
_KEMENTAN = "Kementerian Pertanian"


@dataclass(frozen=True)
class _KawasanPlan:
    code: str
    name: str
    kind: str
    province: str
    # (instansi, unit layanan) in the order of the regulation's table; the ministry's own unit
    # is named exactly as the Kantor Imigrasi generated for the province, and linked to it.
    members: tuple[tuple[str, str], ...]


_KAWASAN: tuple[_KawasanPlan, ...] = (
    _KawasanPlan(
        "KWS-SOETTA",
        "Kawasan Bandar Udara Internasional Soekarno-Hatta",
        "bandara",
        "Banten",
        members=(
            (_KEMENHUB, "Kantor Otoritas Bandar Udara Wilayah I Soekarno-Hatta"),
            (_KEMENKEU, "Kantor Pelayanan Utama Bea dan Cukai Tipe C Soekarno-Hatta"),
            (_KEMENKUMHAM, "Kantor Imigrasi Kelas I Khusus TPI Soekarno-Hatta"),
            (
                _KKP,
                "Balai Besar Karantina Ikan, Pengendalian Mutu dan Keamanan Hasil Perikanan "
                "Jakarta I",
            ),
            (_KEMENKES, "Kantor Kesehatan Pelabuhan Kelas I Soekarno-Hatta"),
            (_KEMENTAN, "Balai Besar Karantina Pertanian Soekarno-Hatta"),
        ),
    ),
    _KawasanPlan(
        "KWS-PRIOK",
        "Kawasan Pelabuhan Tanjung Priok",
        "pelabuhan",
        "DKI Jakarta",
        members=(
            (_KEMENHUB, "Kantor Otoritas Pelabuhan Utama Tanjung Priok"),
            (_KEMENHUB, "Kantor Kesyahbandaran Utama Tanjung Priok"),
            (_KEMENKEU, "Kantor Pelayanan Utama Bea dan Cukai Tipe A Tanjung Priok"),
            (_KEMENKUMHAM, "Kantor Imigrasi Kelas I TPI Jakarta Utara"),
            (
                _KKP,
                "Balai Besar Karantina Ikan, Pengendalian Mutu dan Keamanan Hasil Perikanan "
                "Jakarta II",
            ),
            (_KEMENKES, "Kantor Kesehatan Pelabuhan Kelas I Tanjung Priok"),
            (_KEMENTAN, "Balai Besar Karantina Pertanian Tanjung Priok"),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

# Province field holding each type's entries, in the order units are generated.
_FIELD_BY_TYPE: dict[str, str] = {
    "KANIM": "kanim",
    "RUDENIM": "rudenim",
    "LAPAS": "lapas",
    "LPKA": "lpka",
    "RUTAN": "rutan",
    "BAPAS": "bapas",
    "RUPBASAN": "rupbasan",
    "BHP": "bhp",
    "BALAI_DIKLAT": "diklat",
}

_KANIM_GRADES = ("I Khusus TPI", "I Khusus Non TPI", "I TPI", "I Non TPI", "II TPI", "II Non TPI")
_GRADES = ("IIA", "IIB", "III", "II", "I")
_QUALIFIERS = ("Narkotika", "Perempuan", "Pemuda", "Terbuka", "Khusus")
_UNGRADED = frozenset({"RUDENIM", "BHP", "BALAI_DIKLAT"})
# Words that never start or sit alone in a place name: a sign that two entries ran together.
_RESERVED_WORDS = frozenset({*_QUALIFIERS, "I", "II", "IIA", "IIB", "III", "TPI", "Non"})


def _entry_pattern(grades: tuple[str, ...], qualified: bool) -> re.Pattern[str]:
    qualifier = rf"(?:(?P<qualifier>{'|'.join(_QUALIFIERS)}) )?" if qualified else ""
    grade = rf"(?P<grade>{'|'.join(re.escape(g) for g in grades)}) " if grades else ""
    return re.compile(rf"{qualifier}{grade}(?P<place>[^@;]+?)(?:@(?P<city>[^@;]+))?")


_PATTERN_BY_TYPE: dict[str, re.Pattern[str]] = {
    upt_type: _entry_pattern(
        () if upt_type in _UNGRADED else _KANIM_GRADES if upt_type == "KANIM" else _GRADES,
        qualified=upt_type == "LAPAS",
    )
    for upt_type in UPT_TYPES
}


def _kanwil_code(province: _Province) -> str:
    return f"KW-{province.key}"


def _kanwil(province: _Province) -> KanwilSpec:
    return KanwilSpec(
        _kanwil_code(province),
        f"Kantor Wilayah Kementerian Hukum dan HAM {province.name}",
        province.name,
    )


def _entries(text: str) -> list[str]:
    return [entry.strip() for entry in text.split(";") if entry.strip()]


def _parse(upt_type: str, entry: str) -> tuple[str, str]:
    """One entry of the notation -> (name, city)."""
    match = _PATTERN_BY_TYPE[upt_type].fullmatch(entry)
    if match is None:
        raise ValueError(f"bad {upt_type} entry: {entry!r}")
    place = match["place"].strip()
    if _RESERVED_WORDS & set(place.split()):
        raise ValueError(f"{upt_type} entry {entry!r}: missing ';' between two entries?")
    parts = [UPT_TYPES[upt_type]]
    if match.groupdict().get("qualifier"):
        parts.append(match["qualifier"])
    if match.groupdict().get("grade"):
        parts += ["Kelas", match["grade"]]
    parts.append(place)
    return " ".join(parts), (match["city"] or place).strip()


def _province_upts(province: _Province) -> list[UptSpec]:
    upts = []
    for upt_type, field in _FIELD_BY_TYPE.items():
        for number, entry in enumerate(_entries(getattr(province, field)), start=1):
            name, city = _parse(upt_type, entry)
            upts.append(
                UptSpec(
                    code=f"{upt_type}-{province.key}-{number:02d}",
                    name=name,
                    upt_type=upt_type,
                    kanwil_code=_kanwil_code(province),
                    pembina_code=PEMBINA_BY_UPT_TYPE[upt_type],
                    city=city,
                )
            )
    return upts


def _kawasan(plan: _KawasanPlan, upts: tuple[UptSpec, ...]) -> KawasanSpec:
    kanwil_code = next(_kanwil_code(p) for p in _PROVINCES if p.name == plan.province)
    kanim_code = {
        u.name: u.code for u in upts if u.upt_type == "KANIM" and u.kanwil_code == kanwil_code
    }
    members = tuple(
        KawasanMemberSpec(instansi, unit, kanim_code[unit] if instansi == _KEMENKUMHAM else None)
        for instansi, unit in plan.members
    )
    return KawasanSpec(plan.code, plan.name, plan.kind, plan.province, members)


@cache
def build_demo_ministry() -> DemoMinistry:
    """The demo ministry; deterministic (no randomness at all) and cached."""
    upts = tuple(upt for province in _PROVINCES for upt in _province_upts(province))
    return DemoMinistry(
        eselon=_ESELON_I,
        kanwil=tuple(_kanwil(p) for p in _PROVINCES),
        upt=upts,
        kawasan=tuple(_kawasan(plan, upts) for plan in _KAWASAN),
    )
