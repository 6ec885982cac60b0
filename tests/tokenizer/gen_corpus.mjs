// Deterministic mixed corpus for tokenizer exactness tests and benchmarks: security logs (syslog,
// Windows events, JSON, CSV, command lines, URLs, hashes, base64), prose in many scripts, CJK,
// Arabic, Devanagari, Thai, emoji with ZWJ sequences and skin tones, combining marks, whitespace
// runs of every White_Space character, numbers in many scripts, contractions in odd cases,
// special-token strings, long runs (the heap merge), random code points from every plane
// (assigned or not: exercises the category tables) and random bytes decoded leniently (U+FFFD).
// Every line ends with '\n'; the output is valid UTF-8 (no lone surrogates).
//
// --profile logs keeps only the realistic kinds (logs, JSON, CSV, URLs, prose, sentences in many
// scripts, emoji): the throughput corpus. The default, --profile stress, adds the adversarial
// kinds (random code points and bytes, long runs, stacked marks, whitespace soup).
//
// usage: node gen_corpus.mjs --bytes N [--seed S] [--profile stress|logs] OUT
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const targetBytes = parseInt(opt('--bytes', '4000000'), 10);
let state = (parseInt(opt('--seed', '20250101'), 10) >>> 0) || 1;
const outPath = args[args.length - 1];
const profile = opt('--profile', 'stress');
if (profile !== 'stress' && profile !== 'logs') {
  console.error(`unknown --profile ${profile} (stress or logs)`);
  process.exit(2);
}

// xorshift32 (Marsaglia 2003): deterministic across platforms and Node versions.
function next() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
}
const rand = (n) => next() % n;
const chance = (p) => next() / 4294967296 < p;
const pick = (a) => a[rand(a.length)];
const range = (lo, hi) => lo + rand(hi - lo + 1);
const cp = (n) => String.fromCodePoint(n);
const repeat = (k, f) => Array.from({ length: k }, f).join('');

const hex = (n) => repeat(n, () => '0123456789abcdef'[rand(16)]);
const HEX = (n) => repeat(n, () => '0123456789ABCDEF'[rand(16)]);
const b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = (n) => repeat(n, () => b64chars[rand(64)]) + pick(['', '=', '==']);
const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
const ip = () => `${range(1, 254)}.${rand(256)}.${rand(256)}.${range(1, 254)}`;
const ip6 = () => repeat(8, () => hex(range(1, 4))).match(/.{1,4}/g).join(':');
const iso = () => `2025-${String(range(1, 12)).padStart(2, '0')}-${String(range(1, 28)).padStart(2, '0')}T` +
  `${String(rand(24)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}.${rand(1000)}Z`;

const HOSTS = ['web-01', 'web-10', 'dc01.corp.local', 'LAPTOP-7H2KQ', 'sql-prod-3', 'jump-box', 'FIN-WS-042'];
const USERS = ['alice', 'bob.smith', 'SYSTEM', 'svc_backup', 'Administrator', 'j.doe@contoso.com', 'ANONYMOUS LOGON'];
const PROCS = ['powershell.exe', 'cmd.exe', 'rundll32.exe', 'svchost.exe', 'mshta.exe', 'certutil.exe', 'wmic.exe', 'bash', 'curl'];
const PATHS = ['C:\\Windows\\System32\\', 'C:\\Users\\Public\\Downloads\\', '/usr/bin/', '/tmp/.x/', '\\\\fileserver\\share$\\', '%APPDATA%\\Microsoft\\'];
const WORDS = ['the', 'user', 'logged', 'on', 'from', 'a', 'suspicious', 'address', 'and', 'executed', 'encoded', 'command',
  'Failed', 'password', 'for', 'invalid', 'port', 'ssh2', 'Accepted', 'publickey', 'session', 'opened', 'closed', 'by',
  'isn\'t', 'don\'t', 'WE\'LL', 'they\'re', 'I\'M', 'it\'S', 'you\'VE', 'she\'d', 'O\'Brien', 'rock\'n\'roll', 'camelCaseWord',
  'HTTPServer', 'XMLHttpRequest', 'iPhone', 'McDonald', 'ALLCAPS', 'snake_case_name', 'kebab-case-name', 'émigré', 'naïve',
  'Straße', 'ǅemal', 'ǈubljana', 'ʰaspirated', 'ſtate\'ſ', 'İstanbul', 'ﬁnance', 'Ⅻ', 'ⅷ', '½', '²³', '৩৪', '٤٥٦', '߁'];

const SENTENCES = [
  'Der Dienst wurde nach dem dritten Fehlversuch gesperrt, bitte prüfen Sie die Protokolle.',
  'Le pare-feu a bloqué une connexion sortante vers un hôte inconnu à 03h12.',
  'La cuenta de servicio inició sesión desde una dirección IP que nunca se había visto.',
  'O processo suspeito tentou ler a memória do lsass.exe às 02:47.',
  'Учётная запись администратора была заблокирована после пяти неудачных попыток входа.',
  'Η υπηρεσία σταμάτησε απροσδόκητα και επανεκκινήθηκε από τον χρήστη SYSTEM.',
  'تم حظر الاتصال الصادر إلى عنوان مشبوه بعد اكتشاف نشاط غير عادي.',
  'החשבון ננעל לאחר ניסיונות כניסה כושלים מרובים.',
  'सिस्टम ने संदिग्ध गतिविधि का पता लगाया और खाते को अस्थायी रूप से लॉक कर दिया।',
  'সার্ভারে অস্বাভাবিক লগইন প্রচেষ্টা শনাক্ত করা হয়েছে।',
  'சந்தேகத்திற்குரிய செயல்முறை நிறுத்தப்பட்டது.',
  'ระบบตรวจพบการเข้าสู่ระบบที่ผิดปกติจากต่างประเทศ',
  '检测到来自未知地址的异常登录，请立即更改密码。',
  '不審なログインが検出されました。パスワードを変更してください。',
  '비정상적인 로그인 시도가 감지되었습니다. 비밀번호를 변경하세요.',
  'Kullanıcı hesabı şüpheli etkinlik nedeniyle kilitlendi.',
  'Tài khoản đã bị khóa do có quá nhiều lần đăng nhập thất bại.',
  'Konto zostało zablokowane z powodu podejrzanej aktywności.',
  'Ο λογαριασμός κλειδώθηκε. Ҷамъият ва ҳуқуқ. Ճանապարհ. მომხმარებელი. ሰላም ነው።',
  'Zalgo: Z̷̢̛a̵̛̗l̸̨̛g̶̢̛o̷̧̕ text with stacked marks ̃̃̃ and a lone mark ́ here.',
];
const EMOJI = ['😀', '🔒', '🛡️', '💻', '👍🏽', '👩🏿‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇺🇸', '🇯🇵', '❤️‍🔥', '🧑🏻‍🤝‍🧑🏾', '1️⃣', '#️⃣',
  '🫠', '🪿', '✅', '⚠️', '™', '©️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
const SPACES = [' ', ' ', ' ', '\t', '\r', '\u000b', '\u000c', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2003', '\u2009',
  '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\u180e', '\u200b', '\ufeff'];
const SPECIALS = ['<|endoftext|>', '<|endofprompt|>', '<|fim_prefix|>', '<|im_start|>', '<|im_end|>', '<|fim_middle|>'];
const SCRIPTS = [[0x0430, 0x044F], [0x0391, 0x03C9], [0x0627, 0x064A], [0x05D0, 0x05EA], [0x0915, 0x0939],
  [0x0E01, 0x0E2E], [0xAC00, 0xD7A3], [0x4E00, 0x9FFF], [0x3041, 0x3096], [0x30A1, 0x30FA], [0x0531, 0x0556],
  [0x10D0, 0x10FA], [0x1200, 0x1248], [0x0B95, 0x0BB9], [0x0995, 0x09B9], [0x20000, 0x2A6DF]];
const MARKS = [0x0300, 0x0301, 0x0308, 0x0323, 0x093E, 0x093F, 0x094D, 0x0902, 0x064B, 0x0651, 0x0E31, 0x0E48,
  0x20DD, 0x1AB0, 0xFE0F, 0x200D, 0x0483];

const word = () => pick(WORDS);
const words = (k) => repeat(k, () => word() + pick([' ', ' ', ' ', ', ', '. ', '  ', '\t'])).trimEnd();

function scriptWords() {
  const [lo, hi] = pick(SCRIPTS);
  return repeat(range(3, 25), () => repeat(range(1, 8), () => cp(range(lo, hi)) + (chance(0.3) ? cp(pick(MARKS)) : '')) +
    (chance(0.08) ? pick(EMOJI) : '') + pick([' ', ' ', '，', '، ', '。', ' '])).trimEnd();
}

function randomCodePoint() {
  while (true) {
    const plane = rand(10);
    let c;
    if (plane < 5) c = rand(0x3000);
    else if (plane < 8) c = rand(0x10000);
    else c = rand(0x110000);
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (c === 0x0A) continue;
    return c;
  }
}

function lenientBytes() {
  const bytes = new Uint8Array(range(1, 40));
  for (let i = 0; i < bytes.length; i++) bytes[i] = chance(0.5) ? range(0x20, 0x7e) : rand(256);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\n/g, ' ');
}

const GENERATORS = [
  [8, () => `${iso()} ${pick(HOSTS)} sshd[${range(100, 99999)}]: ${pick(['Failed', 'Accepted'])} password for ${pick(USERS)} from ${ip()} port ${range(1024, 65535)} ssh2`],
  [8, () => JSON.stringify({ TimeGenerated: iso(), DeviceName: pick(HOSTS), AccountName: pick(USERS), ActionType: pick(['ProcessCreated', 'ConnectionSuccess', 'LogonFailed']),
    FileName: pick(PROCS), FolderPath: pick(PATHS) + pick(PROCS), ProcessCommandLine: `${pick(PROCS)} -nop -w hidden -enc ${b64(range(8, 200))}`,
    SHA256: hex(64), RemoteIP: chance(0.8) ? ip() : ip6(), RemotePort: range(1, 65535), ReportId: range(1, 1e9), Id: guid() })],
  [6, () => [iso(), pick(HOSTS), `"${pick(USERS)}"`, pick(PROCS), `"${pick(PATHS)}${pick(PROCS)} /c ""echo ${words(3)}"""`, ip(), range(0, 65535), hex(32), ''].join(',')],
  [4, () => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>${pick([4624, 4625, 4688, 7045])}</EventID><Computer>${pick(HOSTS)}</Computer></System><Data Name="TargetUserName">${pick(USERS)}</Data></Event>`],
  [4, () => `GET https://${pick(['login.microsoftonline.com', 'evil.example', 'cdn.contoso.net'])}/${repeat(range(1, 5), () => pick(['api', 'v2.0', 'oauth2', 'token', '..', '%2e%2e', 'wp-admin']) + '/')}?q=${b64(range(4, 40))}&id=${guid()} HTTP/1.1" 200 ${range(0, 1e6)} "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"`],
  [6, () => words(range(4, 40))],
  [8, () => pick(SENTENCES) + (chance(0.5) ? ' ' + pick(SENTENCES) : '')],
  [6, scriptWords],
  [3, () => repeat(range(1, 12), () => pick(EMOJI) + pick(['', ' ', '', 'x', '!', '\u200d']))],
  ['stress', 3, () => repeat(range(1, 12), () => pick([pick(WORDS), 'e', 'A', '1', '.', ' ', '']) + repeat(range(1, 4), () => cp(pick(MARKS))))],
  ['stress', 5, () => repeat(range(1, 20), () => pick([word(), pick(SPACES), pick(SPACES) + pick(SPACES), repeat(range(2, 9), () => pick(SPACES)), '\r', '\r\r', ' \r ', '!', '?/', '/', '-->', '...', '\'s', '\'S', '\'ſ', '\'ll', '\'LL', '\'Re', '\'vE', '\'x', '\'\'d']))],
  [4, () => repeat(range(1, 10), () => pick([String(rand(1e9)), String(rand(100)), '3.14159', '-42', '1,234,567', '0x' + HEX(8), '٣٤٥', '१२३४', '¼½¾', '²³¹', 'ⅠⅡⅢⅣ', '①②③', '𝟘𝟙𝟚', '一二三', '12abc34', 'abc123def'])).replace(/^/, pick(['', ' ', '  ']))],
  [3, () => `${pick(SPECIALS)}${words(3)}${pick(SPECIALS)} ${pick(SPECIALS)}`],
  ['stress', 2, () => pick(['a', 'ab', 'z', '=', '-', ' ', '0', 'é', '😀', 'Ю']).repeat(range(20, 400))],
  ['stress', 2, () => b64(range(100, 2000))],
  [2, () => repeat(range(1, 6), () => hex(range(16, 128)))],
  ['stress', 3, () => repeat(range(1, 30), () => cp(randomCodePoint()))],
  ['stress', 3, lenientBytes],
  ['stress', 2, () => pick(SPACES).repeat(range(1, 6)) + pick(['', word(), '!', '1'])],
  [1, () => ''],
];
// Entries are [weight, generator] or ['stress', weight, generator] (adversarial kinds).
const ACTIVE = GENERATORS.map((g) => (g[0] === 'stress' ? [profile === 'stress' ? g[1] : 0, g[2]] : g));
const totalWeight = ACTIVE.reduce((s, [w]) => s + w, 0);
function line() {
  let r = rand(totalWeight);
  for (const [w, g] of ACTIVE) {
    if (r < w) return g();
    r -= w;
  }
  return '';
}

const parts = [];
let bytes = 0;
while (bytes < targetBytes) {
  let l = line();
  if (profile === 'stress' && chance(0.05)) l += pick(SPACES).repeat(range(1, 3));  // trailing whitespace
  l = l.replace(/\n/g, ' ') + '\n';
  parts.push(l);
  bytes += Buffer.byteLength(l);
}
fs.writeFileSync(outPath, parts.join(''));
console.error(`wrote ${outPath}: ${bytes} bytes, ${parts.length} lines`);
