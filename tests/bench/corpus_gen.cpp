#include "bench/corpus_gen.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/read/normalizer.h"
#include "analyzer/read/source_reader.h"
#include "graphs/base/doc_number.h"

namespace pg::bench {
namespace {

namespace fs = std::filesystem;

// The sample's city and province, as its gazettes print them.
constexpr std::string_view kSampleCity = "济南";
constexpr std::string_view kSampleCityCode = "济";
constexpr std::string_view kSampleProvince = "山东";
constexpr std::string_view kSampleProvinceCode = "鲁";

// Place names are a character of kFirst and one of kSecond; a name is also the
// 机关代字 of its province or city (as 济阳 is of 济阳区), a district's is the
// city's and the first character of its name. None of these characters is a
// stop word of the number parser (analyzer/data/number_stop_words.tsv) or a
// word of a code (政, 办, 发, 字, 令, 公告 ...); the generator checks every
// number it writes against the parser with --check.
constexpr std::string_view kFirst[] = {
    "安", "宁", "平", "阳", "江", "河", "清", "远", "新", "兴", "昌", "隆", "丰", "泰", "康",
    "乐", "永", "福", "华", "临", "长", "武", "德", "宝", "金", "玉", "云", "龙", "凤", "松",
    "柏", "桂", "梅", "兰", "竹", "石", "泉", "溪", "湖", "海", "洋", "川", "峰", "岭", "林",
    "原", "田", "庄", "桥", "沙", "湾", "滨", "台", "水", "景", "春", "秋", "盛", "荣", "裕",
    "嘉", "瑞", "祥", "吉", "寿", "恒", "广", "博", "英", "莱", "蒙", "岳", "衡", "汉", "秦",
    "晋", "齐", "燕", "赵", "吴", "楚", "越", "闽", "湘", "桑", "榆", "柳", "杨", "槐", "枣",
    "梨", "杏", "桃", "鹤", "鹿", "雁", "霞", "翠", "碧", "紫"};
constexpr std::string_view kSecond[] = {
    "城", "山", "州", "阳", "原", "川", "江", "河", "口", "坪", "坝", "冈", "岗", "丘", "陵",
    "源", "泽", "塘", "湖", "浦", "港", "渡", "津", "洲", "岛", "滩", "崖", "谷", "峪", "坡",
    "岩", "峡", "岚", "峦", "屯", "寨", "堡", "集", "店", "营", "铺", "林", "木", "安", "宁",
    "平", "丰", "兴", "昌", "盛", "德", "定", "远", "康", "泰", "顺", "化", "乡", "邑", "陶",
    "阜", "丹", "凌", "沂", "汶", "淄", "泗", "潍", "濮", "漳", "溧", "沅", "澧", "涪", "岷",
    "邛", "黔", "滇", "桐", "樟", "杉", "榕", "椿", "荷", "苇", "蓉", "莲", "芷", "菏", "茂",
    "鑫", "晖", "曦", "昭", "晟", "煜", "炎", "焕", "熙", "辉"};
constexpr long kNames = static_cast<long>(std::size(kFirst) * std::size(kSecond));
// Name indexes [0, kMaxProvinces) are provinces', the rest cities'.
constexpr long kMaxProvinces = 400;
constexpr int kCitiesPerProvince = 30;
// Districts of each city: names with distinct first characters.
constexpr std::string_view kDistricts[] = {"东城", "西湖", "南山", "北塘",
                                           "新华", "长乐", "平安", "青云"};
constexpr int kDistrictCount = static_cast<int>(std::size(kDistricts));
constexpr int kDocsPerDistrict = 12;
constexpr int kDistrictsPerFile = 3;  // 36 documents to a file
constexpr int kFillerLines = 6;       // paragraphs of sample text in each synthetic document
constexpr int kCheckEvery = 50;       // --check extracts every 50th unit again

std::uint64_t mix(std::uint64_t x) {  // splitmix64
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

struct Place {
  std::string name;  // 2 characters (+ 省/市/区 in text)
  std::string code;  // 机关代字 prefix
};

// A bijection of [0, kNames) (7919 is prime to 100 * 100), shifted by the seed.
std::string name_of(long index, std::uint64_t seed) {
  long n = (index * 7919 + static_cast<long>(seed % kNames)) % kNames;
  const long first = static_cast<long>(std::size(kFirst));
  return std::string(kFirst[n % first]) + std::string(kSecond[n / first]);
}

// Text with slots for the place: rendered by concatenation.
enum class Slot { kNone, kCityCode, kCityName, kProvinceCode, kProvinceName };
struct Piece {
  std::string text;
  Slot slot = Slot::kNone;
};
using Template = std::vector<Piece>;

Template make_template(const std::string& text) {
  std::vector<std::tuple<std::size_t, std::size_t, Slot>> points;
  for (const NumberMatch& m : find_doc_numbers(text)) {
    if (text.compare(m.begin, kSampleCityCode.size(), kSampleCityCode) == 0 &&
        text.compare(m.begin, kSampleCity.size(), kSampleCity) != 0) {
      points.emplace_back(m.begin, kSampleCityCode.size(), Slot::kCityCode);
    } else if (text.compare(m.begin, kSampleProvinceCode.size(), kSampleProvinceCode) == 0) {
      points.emplace_back(m.begin, kSampleProvinceCode.size(), Slot::kProvinceCode);
    }
  }
  for (auto [word, slot] :
       {std::pair{kSampleCity, Slot::kCityName}, std::pair{kSampleProvince, Slot::kProvinceName}}) {
    for (std::size_t p = text.find(word); p != std::string::npos; p = text.find(word, p + 1)) {
      points.emplace_back(p, word.size(), slot);
    }
  }
  std::sort(points.begin(), points.end());
  Template t;
  std::size_t at = 0;
  for (auto [pos, len, slot] : points) {
    if (pos < at) continue;  // overlapping: the first wins
    t.push_back({text.substr(at, pos - at), Slot::kNone});
    t.push_back({"", slot});
    at = pos + len;
  }
  t.push_back({text.substr(at), Slot::kNone});
  return t;
}

void render(std::string& out, const Template& t, const Place& province, const Place& city) {
  for (const Piece& p : t) {
    switch (p.slot) {
      case Slot::kNone: out += p.text; break;
      case Slot::kCityCode: out += city.code; break;
      case Slot::kCityName: out += city.name; break;
      case Slot::kProvinceCode: out += province.code; break;
      case Slot::kProvinceName: out += province.name; break;
    }
  }
}

// A number or title of the sample (made a template once), said of another place.
std::string relocate(const Template& t, const Place& province, const Place& city) {
  std::string out;
  render(out, t, province, city);
  return out;
}

class NullSink : public DiagnosticSink {
 public:
  void report(Diagnostic) override {}
};

Extraction extract_text(const std::string& name, std::string text) {
  NullSink sink;
  return extract(SourceText{name, "UTF-8", std::move(text)}, sink);
}

// One document as the generator means it: its number (empty: none) and title.
struct Meant {
  std::string doc_no;
  std::string title;
};

bool same_documents(const Extraction& e, const std::vector<Meant>& meant, std::string& why) {
  if (e.documents.size() != meant.size()) {
    why = e.source + ": " + std::to_string(e.documents.size()) + " documents extracted, " +
          std::to_string(meant.size()) + " meant";
    return false;
  }
  for (std::size_t i = 0; i < meant.size(); ++i) {
    const Document& d = e.documents[i];
    std::string no = d.doc_no.value_or("");
    if (no != meant[i].doc_no || d.title != meant[i].title) {
      why = e.source + ": document " + std::to_string(i + 1) + " extracted as " + no + " " +
            d.title + ", meant " + meant[i].doc_no + " " + meant[i].title;
      return false;
    }
  }
  return true;
}

struct SharedFile {
  std::string rel;  // path under corpus/
  std::string text;
  long documents = 0;
};

struct NationalDoc {
  std::string doc_no;
  std::string title;
  int year = 0;
};

// A document of the province (one of the sample's 鲁 numbers).
struct ProvinceDoc {
  Template doc_no;  // from the sample's 鲁政发〔2016〕26号
  Template title;   // from 山东省人民政府关于…
  int year = 0;
};

struct CityDoc {
  std::string doc_no;  // sample spelling, may be empty
  std::string title;
  std::string core;        // the title after 关于, without 的通知: the district titles' topic
  long province_doc = -1;  // a ProvinceDoc it rests on
  Template doc_no_t, title_t, core_t;
};

int year_of(const std::string& doc_no) {
  std::optional<NumberParts> parts = split_doc_no(doc_no);
  return parts ? parts->year : 0;
}

std::string date_text(int y, int m, int d) {
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

// Lines of sample text that say nothing a reader would take as structure:
// the body of the synthetic documents.
bool filler_line(std::string_view line) {
  if (line.size() < 90 || line.size() > 900) return false;
  if (line.substr(line.size() - 3) != "。") return false;
  for (std::string_view bad :
       {"《",     "》",     "〔",     "〕",   "号",   "废止", "失效", "有效期",
        "施行",   "印发",   "修改",   "附件", "济南", "山东", "决定", "本办法",
        "本意见", "本通知", "本规定", "条例", "法》", "令"}) {
    if (line.find(bad) != std::string_view::npos) return false;
  }
  return true;
}

class Generator {
 public:
  Generator(const CorpusOptions& o, CorpusManifest& m) : opt_(o), man_(m) {}
  bool load(std::string& error);
  bool run(std::string& error);

 private:
  struct Unit {
    long index = 0;
    Place province;
    long province_index = 0;
    Place city;
    std::vector<Meant> city_docs;  // relocated, in template order
  };
  Unit unit(long index) const;
  std::vector<Meant> province_meant(const Unit& u) const;
  void province_file(std::string& out, const Unit& u, long count, std::vector<Meant>& meant) const;
  Meant district_meant(const Unit& u, int d, int k) const;
  void district_doc(std::string& out, const Unit& u, int d, int k) const;
  void filler(std::string& out, std::uint64_t key) const;
  bool emit(const std::string& rel, const std::string& text, const std::vector<Meant>& meant,
            bool verify, std::string& error);
  void record(const std::vector<Meant>& meant);
  bool write_draft(const std::string& hub_title, const std::string& deep_title, std::string& error);

  const CorpusOptions& opt_;
  CorpusManifest& man_;
  std::vector<SharedFile> shared_;
  long shared_docs_ = 0;
  Template city_template_;
  std::vector<CityDoc> city_docs_;  // template order, with and without numbers
  std::vector<long> targets_;       // city_docs_ with a number, a title without 《: implemented
  std::vector<ProvinceDoc> province_docs_;
  std::vector<NationalDoc> national_;
  std::vector<std::string> laws_;
  std::vector<std::string> pool_;
  long chain_city_doc_ = -1;  // a target resting on a province document
  std::unordered_set<std::string> numbers_, titles_;
  std::string corpus_dir_;
};

bool Generator::load(std::string& error) {
  std::vector<std::string> city_texts;
  for (const std::string& dir : opt_.sample_dirs) {
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path());
    }
    if (ec) {
      error = dir + ": " + ec.message();
      return false;
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      Result<SourceText> src = read_source(p.string());
      if (!src) {
        error = src.error().to_string();
        return false;
      }
      Extraction e = extract_text(p.filename().string(), src->utf8);
      bool city = std::any_of(e.documents.begin(), e.documents.end(), [](const Document& d) {
        return d.doc_no && d.doc_no->compare(0, kSampleCityCode.size(), kSampleCityCode) == 0;
      });
      NormalizedText norm = normalize(src->utf8);
      for (int i = 1; i <= norm.line_count(); ++i) {
        if (filler_line(norm.line(i))) pool_.emplace_back(norm.line(i));
      }
      for (const Edge& edge : e.edges) {
        if (!edge.to_doc_no && edge.to_title && edge.to_title->rfind("中华人民共和国", 0) == 0 &&
            std::find(laws_.begin(), laws_.end(), *edge.to_title) == laws_.end()) {
          laws_.push_back(*edge.to_title);
        }
      }
      if (city) {
        city_texts.push_back(norm.text());
        continue;
      }
      SharedFile f{"shared/" + fs::path(dir).filename().string() + "/" + p.filename().string(),
                   src->utf8, static_cast<long>(e.documents.size())};
      shared_docs_ += f.documents;
      shared_.push_back(std::move(f));
      for (const Document& d : e.documents) {
        if (d.doc_no && (d.doc_no->rfind("国发", 0) == 0 || d.doc_no->rfind("国办发", 0) == 0)) {
          national_.push_back({*d.doc_no, d.title, year_of(*d.doc_no)});
        }
      }
    }
  }
  if (city_texts.empty() || national_.empty() || pool_.size() < 50) {
    error = "the sample has no 济南 gazette, no 国发 document or too little body text";
    return false;
  }
  std::sort(laws_.begin(), laws_.end());
  // The city's issue: the gazettes one after the other.
  std::string city_text;
  for (const std::string& t : city_texts) city_text += t + "\n";
  city_template_ = make_template(city_text);
  Extraction e = extract_text("city.txt", city_text);
  for (const Document& d : e.documents) {
    CityDoc c{d.doc_no.value_or(""), d.title, d.title, -1};
    std::size_t about = c.core.find("关于");
    if (about != std::string::npos) c.core = c.core.substr(about + std::string_view("关于").size());
    for (std::string_view verb : {"印发", "转发"}) {  // else the district titles issue something
      if (c.core.rfind(verb, 0) == 0) c.core = c.core.substr(verb.size());
    }
    for (std::string_view end : {"的通知", "的通告"}) {
      if (c.core.size() > end.size() &&
          c.core.compare(c.core.size() - end.size(), end.size(), end) == 0) {
        c.core.resize(c.core.size() - end.size());
      }
    }
    c.doc_no_t = make_template(c.doc_no);
    c.title_t = make_template(c.title);
    c.core_t = make_template(c.core);
    city_docs_.push_back(std::move(c));
  }
  std::vector<std::string> province_numbers;
  for (const Edge& edge : e.edges) {
    if (!edge.to_doc_no || !edge.to_title || edge.derived) continue;
    if (edge.to_doc_no->compare(0, kSampleProvinceCode.size(), kSampleProvinceCode) != 0) continue;
    if (edge.to_title->find(kSampleProvince) == std::string::npos) continue;
    if (edge.to_title->find("《") != std::string::npos || !split_doc_no(*edge.to_doc_no)) continue;
    auto seen = std::find(province_numbers.begin(), province_numbers.end(), *edge.to_doc_no);
    long index = seen - province_numbers.begin();
    if (seen == province_numbers.end()) {
      province_numbers.push_back(*edge.to_doc_no);
      province_docs_.push_back({make_template(*edge.to_doc_no), make_template(*edge.to_title),
                                year_of(*edge.to_doc_no)});
    }
    if (edge.type != RelationType::kBasedOn && edge.type != RelationType::kImplements) continue;
    for (CityDoc& c : city_docs_) {
      if (c.doc_no == edge.from && c.province_doc < 0) c.province_doc = index;
    }
  }
  for (std::size_t i = 0; i < city_docs_.size(); ++i) {
    const CityDoc& c = city_docs_[i];
    if (c.doc_no.empty() || c.title.find("《") != std::string::npos) continue;
    targets_.push_back(static_cast<long>(i));
    if (chain_city_doc_ < 0 && c.province_doc >= 0) chain_city_doc_ = static_cast<long>(i);
  }
  if (targets_.size() < static_cast<std::size_t>(kDocsPerDistrict) || chain_city_doc_ < 0 ||
      province_docs_.empty()) {
    error = "the sample's gazettes have too few numbered documents resting on a 鲁 document";
    return false;
  }
  return true;
}

Generator::Unit Generator::unit(long index) const {
  Unit u;
  u.index = index;
  u.province_index = index / kCitiesPerProvince;
  u.province.name = name_of(u.province_index, opt_.seed);
  u.province.code = u.province.name;
  u.city.name = name_of(kMaxProvinces + index, opt_.seed);
  u.city.code = u.city.name;
  for (const CityDoc& c : city_docs_) {
    u.city_docs.push_back(
        {relocate(c.doc_no_t, u.province, u.city), relocate(c.title_t, u.province, u.city)});
  }
  return u;
}

// The national document province document i implements: one printed in its
// year or before, the same one in every province (a hub).
const NationalDoc* hub_for(const std::vector<NationalDoc>& national, int year, long i,
                           std::uint64_t seed) {
  std::vector<const NationalDoc*> fit;
  for (const NationalDoc& n : national) {
    if (n.year > 0 && n.year <= year) fit.push_back(&n);
  }
  if (fit.empty()) return nullptr;
  return fit[mix(seed * 31 + static_cast<std::uint64_t>(i)) % fit.size()];
}

std::vector<Meant> Generator::province_meant(const Unit& u) const {
  std::vector<Meant> out;
  for (const ProvinceDoc& p : province_docs_) {
    out.push_back({relocate(p.doc_no, u.province, u.city), relocate(p.title, u.province, u.city)});
  }
  return out;
}

void Generator::filler(std::string& out, std::uint64_t key) const {
  std::size_t at = mix(key ^ opt_.seed) % pool_.size();
  for (int i = 0; i < kFillerLines; ++i) {
    out += pool_[(at + static_cast<std::size_t>(i)) % pool_.size()];
    out += "\n\n";
  }
}

void Generator::province_file(std::string& out, const Unit& u, long count,
                              std::vector<Meant>& meant) const {
  std::vector<Meant> all = province_meant(u);
  const std::string issuer = u.province.name + "省人民政府";
  for (long i = 0; i < count; ++i) {
    const ProvinceDoc& p = province_docs_[static_cast<std::size_t>(i)];
    const Meant& m = all[static_cast<std::size_t>(i)];
    meant.push_back(m);
    // 山东省人民政府(办公厅)关于… prints as the issuer over 关于…
    std::size_t about = m.title.find("关于");
    if (about != std::string::npos && m.title.compare(0, issuer.size(), issuer) == 0) {
      out += m.title.substr(0, about) + "\n" + m.title.substr(about) + "\n";
    } else {
      out += m.title + "\n";
    }
    out += m.doc_no + "\n\n各市人民政府，省政府各部门、各直属机构：\n\n";
    const NationalDoc* hub = hub_for(national_, p.year, i, opt_.seed);
    if (hub) out += "为贯彻落实《" + hub->title + "》（" + hub->doc_no + "），";
    out += "进一步做好有关工作，结合我省实际，制定本意见。\n\n";
    filler(out,
           static_cast<std::uint64_t>(u.province_index) * 1000 + static_cast<std::uint64_t>(i));
    const int month = 1 + static_cast<int>(i % 3), day = 10 + static_cast<int>(i % 15);
    out +=
        "本意见自印发之日起施行。\n\n" + issuer + "\n\n" + date_text(p.year, month, day) + "\n\n";
  }
}

// District d's document k: implements a city document; based on its own
// document k-2 when k % 4 == 0, which document k-1 repealed (an orphan;
// CorpusOptions::far_repeals: some repeal another city's instead);
// cites a law, a national hub, a document that is nowhere; some expire.
Meant Generator::district_meant(const Unit& u, int d, int k) const {
  const CityDoc& c = city_docs_[static_cast<std::size_t>(
      targets_[static_cast<std::size_t>(d * kDocsPerDistrict + k) % targets_.size()])];
  const std::string code = u.city.code + std::string(kDistricts[d].substr(0, 3));
  const int year = 2019 + k / 2;
  Meant m;
  m.doc_no = code + (k % 3 == 2 ? "政办发" : "政发") + std::string(kYearOpen) +
             std::to_string(year) + std::string(kYearClose) + std::to_string(k + 1) + "号";
  m.title = u.city.name + "市" + std::string(kDistricts[d]) + "区人民政府关于贯彻落实" +
            relocate(c.core_t, u.province, u.city) + "的实施意见";
  return m;
}

void Generator::district_doc(std::string& out, const Unit& u, int d, int k) const {
  const std::size_t target = static_cast<std::size_t>(
      targets_[static_cast<std::size_t>(d * kDocsPerDistrict + k) % targets_.size()]);
  const Meant self = district_meant(u, d, k);
  const std::string issuer = u.city.name + "市" + std::string(kDistricts[d]) + "区人民政府";
  const int year = 2019 + k / 2;
  const int month = (k % 2 ? 7 : 1) + static_cast<int>((u.index + d) % 6);
  const int day = 1 + static_cast<int>((u.index * 7 + d * 3 + k) % 28);
  const std::uint64_t key = static_cast<std::uint64_t>(u.index) * 1000 +
                            static_cast<std::uint64_t>(d * kDocsPerDistrict + k);
  out += issuer + "\n" + self.title.substr(issuer.size()) + "\n" + self.doc_no +
         "\n\n各街道办事处，区政府各部门：\n\n";
  out += "为贯彻落实《" + u.city_docs[target].title + "》（" + u.city_docs[target].doc_no + "），";
  if (k % 4 == 0 && k >= 4) {
    Meant basis = district_meant(u, d, k - 2);
    out += "根据《" + basis.title + "》（" + basis.doc_no + "），";
  }
  if (k % 2 == 0 && !laws_.empty()) {
    out += "依据《" + laws_[mix(key) % laws_.size()] + "》等有关规定，";
  }
  out += "结合我区实际，制定本意见。\n\n";
  filler(out, key);
  if (k % 5 == 1) {
    const NationalDoc& n = national_[mix(key * 3) % national_.size()];
    out += "各部门要按照《" + n.title + "》（" + n.doc_no + "）要求，做好相关工作。\n\n";
  }
  if (k % 6 == 5) {
    // A document that is in no corpus: one per district, and one every district cites.
    out += "具体事项参照《" +
           issuer.substr(0, issuer.size() - std::string_view("人民政府").size()) +
           "专项资金管理办法》（" + u.city.code + std::string(kDistricts[d].substr(0, 3)) +
           "政办字〔2016〕" + std::to_string(k + 1) +
           "号）和《国务院办公厅关于进一步加强基层治理工作的通知》（国办函〔2018〕" +
           std::to_string(k + 1) + "号）执行。\n\n";
  }
  if (k % 4 == 3) {
    Meant old = district_meant(u, d, k - 1);
    // Or another city's (CorpusOptions::far_repeals): one made before, so written whole.
    if (u.index > 0 && static_cast<int>(mix(key ^ 0x7265706561ull) % 100) < opt_.far_repeals) {
      const auto other = static_cast<long>(mix(key * 5 + 1) % static_cast<std::uint64_t>(u.index));
      old = district_meant(unit(other), d, k - 1);
    }
    out += "《" + old.title + "》（" + old.doc_no + "）同时废止。\n\n";
  }
  if (k % 3 == 0) {
    out += "本意见自" + date_text(year, month, day) + "起施行，有效期至" +
           date_text(year + 3, month, std::min(day, 28)) + "。\n\n";
  } else {
    out += "本意见自印发之日起施行。\n\n";
  }
  out += issuer + "\n\n" + date_text(year, month, day) + "\n\n";
}

void Generator::record(const std::vector<Meant>& meant) {
  man_.documents += static_cast<long>(meant.size());
  man_.generated += static_cast<long>(meant.size());
  if (!opt_.check) return;
  for (const Meant& m : meant) {
    titles_.insert(m.title);
    if (m.doc_no.empty()) continue;
    ++man_.numbers_checked;
    numbers_.insert(m.doc_no);
    ParseOutcome parsed = parse_doc_number(m.doc_no);
    std::optional<NumberParts> parts = split_doc_no(m.doc_no);
    bool ok = parsed.number && parsed.number->canonical == m.doc_no &&
              parsed.number->form == DocNumber::Form::kStandard && parts && parts->year >= 1980 &&
              parts->year <= 2026 && parts->serial >= 1 && parts->serial <= 9999 &&
              is_canonical_number(m.doc_no);
    if (!ok) {
      ++man_.numbers_bad;
      if (man_.problems.size() < 20) {
        man_.problems.push_back("number not read back as written: " + m.doc_no + " (" +
                                parsed.reason + ")");
      }
    }
  }
}

bool Generator::emit(const std::string& rel, const std::string& text,
                     const std::vector<Meant>& meant, bool verify, std::string& error) {
  if (verify) {
    std::string why;
    if (!same_documents(extract_text(rel, text), meant, why)) {
      error = "the generated corpus does not extract as meant: " + why;
      return false;
    }
  }
  record(meant);
  ++man_.files;
  man_.bytes += text.size();
  if (!opt_.write) return true;
  fs::path path = fs::path(corpus_dir_) / rel;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok) error = path.string() + ": cannot write";
  return ok;
}

bool Generator::write_draft(const std::string& hub_title, const std::string& deep_title,
                            std::string& error) {
  Unit u = unit(0);
  const CityDoc& c = city_docs_[static_cast<std::size_t>(chain_city_doc_)];
  const Meant& city = u.city_docs[static_cast<std::size_t>(chain_city_doc_)];
  Meant province = province_meant(u)[static_cast<std::size_t>(c.province_doc)];
  const std::string issuer = u.city.name + "市人民政府";
  std::string text =
      issuer +
      "\n关于进一步做好基层治理有关工作的通知（征求意见稿）\n\n各区县人民政府，市政府各部门：\n\n";
  text += "为贯彻落实《" + city.title + "》（" + city.doc_no + "），根据《" + province.title +
          "》（" + province.doc_no + "），参照《" + hub_title + "》和《" + u.city.name +
          "市基层治理促进办法》（" + u.city.code +
          "政办字〔2015〕9999号），结合我市实际，通知如下：\n\n";
  text += "一、各区人民政府要按照《" + deep_title + "》（" + man_.deep_doc +
          "）做好衔接工作。\n\n二、本通知自2026年7月1日起施行。\n\n" + issuer +
          "\n\n2026年6月1日\n";
  man_.draft_path = (fs::path(opt_.out_dir) / "draft.txt").string();
  if (!opt_.write) return true;
  std::FILE* f = std::fopen(man_.draft_path.c_str(), "wb");
  bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok) error = man_.draft_path + ": cannot write";
  return ok;
}

bool Generator::run(std::string& error) {
  auto t0 = std::chrono::steady_clock::now();
  corpus_dir_ = (fs::path(opt_.out_dir) / "corpus").string();
  if (opt_.documents < shared_docs_) {
    error = "--docs must be at least " + std::to_string(shared_docs_) +
            " (the national and judicial documents)";
    return false;
  }
  const long unit_docs = static_cast<long>(city_docs_.size()) + kDistrictCount * kDocsPerDistrict;
  if (opt_.documents / unit_docs + 1 > kNames - kMaxProvinces ||
      opt_.documents / unit_docs / kCitiesPerProvince + 1 > kMaxProvinces) {
    error = "--docs too large for the name tables (at most about " +
            std::to_string((kNames - kMaxProvinces) * unit_docs) + ")";
    return false;
  }
  for (const SharedFile& f : shared_) {
    man_.documents += f.documents;
    ++man_.files;
    man_.bytes += f.text.size();
    if (!opt_.write) continue;
    fs::path path = fs::path(corpus_dir_) / f.rel;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::FILE* out = std::fopen(path.c_str(), "wb");
    bool ok = out && std::fwrite(f.text.data(), 1, f.text.size(), out) == f.text.size();
    if (out && std::fclose(out) != 0) ok = false;
    if (!ok) {
      error = path.string() + ": cannot write";
      return false;
    }
  }
  std::string text;
  std::vector<Meant> meant;
  for (long index = 0; man_.documents < opt_.documents; ++index) {
    Unit u = unit(index);
    // Units 0 and 1 are always extracted again (so the count is exact), and
    // every kCheckEvery-th with --check.
    const bool verify = index < 2 || (opt_.check && index % kCheckEvery == 0);
    if (verify) ++man_.units_extracted;
    char dir[32];
    std::snprintf(dir, sizeof dir, "p%04ld/c%05ld", u.province_index, index);
    if (index % kCitiesPerProvince == 0) {
      long count =
          std::min<long>(static_cast<long>(province_docs_.size()), opt_.documents - man_.documents);
      text.clear();
      meant.clear();
      province_file(text, u, count, meant);
      if (!emit(std::string(dir, 5) + "/province.txt", text, meant, verify, error)) return false;
    }
    if (static_cast<long>(city_docs_.size()) <= opt_.documents - man_.documents) {
      text.clear();
      render(text, city_template_, u.province, u.city);
      if (!emit(std::string(dir) + "/city.txt", text, u.city_docs, verify, error)) return false;
    }
    for (int first = 0; first < kDistrictCount && man_.documents < opt_.documents;
         first += kDistrictsPerFile) {
      text.clear();
      meant.clear();
      for (int d = first; d < std::min(first + kDistrictsPerFile, kDistrictCount); ++d) {
        for (int k = 0; k < kDocsPerDistrict; ++k) {
          if (man_.documents + static_cast<long>(meant.size()) >= opt_.documents) break;
          district_doc(text, u, d, k);
          meant.push_back(district_meant(u, d, k));
        }
      }
      if (!emit(
              std::string(dir) + "/districts" + std::to_string(first / kDistrictsPerFile) + ".txt",
              text, meant, verify, error)) {
        return false;
      }
    }
  }
  // The query subjects, all in unit 0 (present at every size that has it).
  Unit u = unit(0);
  const CityDoc& c = city_docs_[static_cast<std::size_t>(chain_city_doc_)];
  man_.city_doc = u.city_docs[static_cast<std::size_t>(chain_city_doc_)].doc_no;
  man_.province_doc = province_meant(u)[static_cast<std::size_t>(c.province_doc)].doc_no;
  const ProvinceDoc& p = province_docs_[static_cast<std::size_t>(c.province_doc)];
  const NationalDoc* hub = hub_for(national_, p.year, c.province_doc, opt_.seed);
  if (!hub) hub = &national_.front();
  man_.hub_doc = hub->doc_no;
  Meant deep;
  for (int d = 0; d < kDistrictCount && deep.doc_no.empty(); ++d) {
    for (int k = 0; k < kDocsPerDistrict; ++k) {
      std::size_t t = static_cast<std::size_t>(d * kDocsPerDistrict + k) % targets_.size();
      // In force: not one that expires (k % 3 == 0) or is repealed (k % 4 == 2).
      if (targets_[t] == chain_city_doc_ && k % 3 != 0 && k % 4 != 2) {
        deep = district_meant(u, d, k);
        break;
      }
    }
  }
  if (deep.doc_no.empty()) deep = district_meant(u, 0, 0);
  man_.deep_doc = deep.doc_no;
  man_.repealer = district_meant(u, 0, 3).doc_no;
  if (!write_draft(hub->title, deep.title, error)) return false;
  man_.numbers_distinct = static_cast<long>(numbers_.size());
  man_.titles_distinct = static_cast<long>(titles_.size());
  man_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return true;
}

}  // namespace

bool generate_corpus(const CorpusOptions& options, CorpusManifest& manifest, std::string& error) {
  manifest = CorpusManifest{};
  Generator g(options, manifest);
  return g.load(error) && g.run(error);
}

}  // namespace pg::bench
