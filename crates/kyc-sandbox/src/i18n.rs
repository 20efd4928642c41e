//! Error messages in the caller's language (`Accept-Language`), English as the fallback.

use crate::error::Code;

/// A language the sandbox has messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    Fr,
    De,
    Th,
    Ja,
    Zh,
    Id,
    Vi,
    Ar,
}

impl Lang {
    /// The first supported language of an `Accept-Language` value, by quality, else English.
    pub fn negotiate(header: Option<&str>) -> Lang {
        let Some(header) = header else {
            return Lang::En;
        };
        let mut choices: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0 && !tag.is_empty()).then_some((q, i, tag))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.iter().find_map(|(_, _, tag)| Lang::from_tag(tag)).unwrap_or(Lang::En)
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Some(match primary.as_str() {
            "en" => Lang::En,
            "es" => Lang::Es,
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "th" => Lang::Th,
            "ja" => Lang::Ja,
            "zh" => Lang::Zh,
            "id" => Lang::Id,
            "vi" => Lang::Vi,
            "ar" => Lang::Ar,
            _ => return None,
        })
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Th => "th",
            Lang::Ja => "ja",
            Lang::Zh => "zh",
            Lang::Id => "id",
            Lang::Vi => "vi",
            Lang::Ar => "ar",
        }
    }
}

/// The message for a code; `{detail}` is replaced by the error's detail, if any.
pub fn message(code: Code, lang: Lang) -> &'static str {
    use Code::*;
    use Lang::*;
    match (code, lang) {
        (Unauthorized, En) => "Your access token is missing, unknown or expired. Sign in again and retry.",
        (Unauthorized, Es) => "Falta su token de acceso, es desconocido o ha caducado. Inicie sesión de nuevo y vuelva a intentarlo.",
        (Unauthorized, Fr) => "Votre jeton d'accès est absent, inconnu ou expiré. Reconnectez-vous puis réessayez.",
        (Unauthorized, De) => "Ihr Zugriffstoken fehlt, ist unbekannt oder abgelaufen. Melden Sie sich erneut an und versuchen Sie es noch einmal.",
        (Unauthorized, Th) => "ไม่พบโทเค็นการเข้าถึง ไม่รู้จัก หรือหมดอายุแล้ว โปรดเข้าสู่ระบบอีกครั้งแล้วลองใหม่",
        (Unauthorized, Ja) => "アクセストークンがないか、不明か、有効期限切れです。もう一度サインインしてから再試行してください。",
        (Unauthorized, Zh) => "访问令牌缺失、无法识别或已过期。请重新登录后重试。",
        (Unauthorized, Id) => "Token akses Anda tidak ada, tidak dikenal, atau kedaluwarsa. Masuk lagi lalu coba kembali.",
        (Unauthorized, Vi) => "Mã truy cập của bạn bị thiếu, không xác định hoặc đã hết hạn. Hãy đăng nhập lại rồi thử lại.",
        (Unauthorized, Ar) => "رمز الوصول مفقود أو غير معروف أو منتهي الصلاحية. سجّل الدخول مجددًا ثم أعد المحاولة.",

        (MalformedJson, En) => "The request body is not valid JSON ({detail}). Send a JSON object as the API documentation shows.",
        (MalformedJson, Es) => "El cuerpo de la solicitud no es JSON válido ({detail}). Envíe un objeto JSON como indica la documentación de la API.",
        (MalformedJson, Fr) => "Le corps de la requête n'est pas un JSON valide ({detail}). Envoyez un objet JSON comme l'indique la documentation de l'API.",
        (MalformedJson, De) => "Der Anfragetext ist kein gültiges JSON ({detail}). Senden Sie ein JSON-Objekt wie in der API-Dokumentation beschrieben.",
        (MalformedJson, Th) => "เนื้อหาคำขอไม่ใช่ JSON ที่ถูกต้อง ({detail}) โปรดส่งออบเจ็กต์ JSON ตามเอกสาร API",
        (MalformedJson, Ja) => "リクエスト本文が正しいJSONではありません（{detail}）。APIドキュメントのとおりJSONオブジェクトを送信してください。",
        (MalformedJson, Zh) => "请求正文不是有效的 JSON（{detail}）。请按 API 文档发送 JSON 对象。",
        (MalformedJson, Id) => "Isi permintaan bukan JSON yang valid ({detail}). Kirim objek JSON seperti pada dokumentasi API.",
        (MalformedJson, Vi) => "Nội dung yêu cầu không phải JSON hợp lệ ({detail}). Hãy gửi một đối tượng JSON như tài liệu API mô tả.",
        (MalformedJson, Ar) => "نص الطلب ليس JSON صالحًا ({detail}). أرسل كائن JSON كما توضّح وثائق الواجهة.",

        (InvalidRequest, En) => "Some fields are missing or have the wrong type ({detail}). Correct them and send again.",
        (InvalidRequest, Es) => "Faltan algunos campos o tienen un tipo incorrecto ({detail}). Corríjalos y envíe de nuevo.",
        (InvalidRequest, Fr) => "Certains champs manquent ou ont un type incorrect ({detail}). Corrigez-les puis renvoyez.",
        (InvalidRequest, De) => "Einige Felder fehlen oder haben den falschen Typ ({detail}). Korrigieren Sie sie und senden Sie erneut.",
        (InvalidRequest, Th) => "บางช่องขาดหายไปหรือมีชนิดข้อมูลไม่ถูกต้อง ({detail}) โปรดแก้ไขแล้วส่งอีกครั้ง",
        (InvalidRequest, Ja) => "一部の項目がないか、型が正しくありません（{detail}）。修正して再送信してください。",
        (InvalidRequest, Zh) => "部分字段缺失或类型错误（{detail}）。请更正后重新发送。",
        (InvalidRequest, Id) => "Beberapa kolom tidak ada atau jenisnya salah ({detail}). Perbaiki lalu kirim lagi.",
        (InvalidRequest, Vi) => "Một số trường bị thiếu hoặc sai kiểu ({detail}). Hãy sửa rồi gửi lại.",
        (InvalidRequest, Ar) => "بعض الحقول مفقودة أو من نوع خاطئ ({detail}). صحّحها ثم أرسل مجددًا.",

        (UnknownDocumentType, En) => "The document type \"{detail}\" is not one this service accepts. Use id_proof_front, id_proof_live or address_proof.",
        (UnknownDocumentType, Es) => "El tipo de documento \"{detail}\" no es aceptado. Use id_proof_front, id_proof_live o address_proof.",
        (UnknownDocumentType, Fr) => "Le type de document « {detail} » n'est pas accepté. Utilisez id_proof_front, id_proof_live ou address_proof.",
        (UnknownDocumentType, De) => "Der Dokumenttyp „{detail}“ wird nicht akzeptiert. Verwenden Sie id_proof_front, id_proof_live oder address_proof.",
        (UnknownDocumentType, Th) => "ไม่รองรับประเภทเอกสาร \"{detail}\" โปรดใช้ id_proof_front, id_proof_live หรือ address_proof",
        (UnknownDocumentType, Ja) => "書類の種類「{detail}」は受け付けていません。id_proof_front、id_proof_live、address_proof のいずれかを使用してください。",
        (UnknownDocumentType, Zh) => "不接受文件类型“{detail}”。请使用 id_proof_front、id_proof_live 或 address_proof。",
        (UnknownDocumentType, Id) => "Jenis dokumen \"{detail}\" tidak diterima. Gunakan id_proof_front, id_proof_live, atau address_proof.",
        (UnknownDocumentType, Vi) => "Loại giấy tờ \"{detail}\" không được chấp nhận. Hãy dùng id_proof_front, id_proof_live hoặc address_proof.",
        (UnknownDocumentType, Ar) => "نوع الوثيقة «{detail}» غير مقبول. استخدم id_proof_front أو id_proof_live أو address_proof.",

        (InvalidDataUrl, En) => "The file could not be read: {detail}. Send the image as a data: URL with base64 content.",
        (InvalidDataUrl, Es) => "No se pudo leer el archivo: {detail}. Envíe la imagen como URL data: con contenido base64.",
        (InvalidDataUrl, Fr) => "Le fichier est illisible : {detail}. Envoyez l'image sous forme d'URL data: encodée en base64.",
        (InvalidDataUrl, De) => "Die Datei konnte nicht gelesen werden: {detail}. Senden Sie das Bild als data:-URL mit Base64-Inhalt.",
        (InvalidDataUrl, Th) => "ไม่สามารถอ่านไฟล์ได้: {detail} โปรดส่งรูปภาพเป็น data: URL แบบ base64",
        (InvalidDataUrl, Ja) => "ファイルを読み取れませんでした：{detail}。画像はbase64のdata: URLとして送信してください。",
        (InvalidDataUrl, Zh) => "无法读取文件：{detail}。请以 base64 编码的 data: URL 发送图像。",
        (InvalidDataUrl, Id) => "File tidak bisa dibaca: {detail}. Kirim gambar sebagai data: URL berisi base64.",
        (InvalidDataUrl, Vi) => "Không đọc được tệp: {detail}. Hãy gửi ảnh dưới dạng data: URL mã hóa base64.",
        (InvalidDataUrl, Ar) => "تعذّرت قراءة الملف: {detail}. أرسل الصورة كعنوان data: بمحتوى base64.",

        (UnsupportedMediaType, En) => "The file is not a JPEG or PNG image ({detail}). Take a photo or choose a JPEG or PNG file.",
        (UnsupportedMediaType, Es) => "El archivo no es una imagen JPEG o PNG ({detail}). Tome una foto o elija un archivo JPEG o PNG.",
        (UnsupportedMediaType, Fr) => "Le fichier n'est pas une image JPEG ou PNG ({detail}). Prenez une photo ou choisissez un fichier JPEG ou PNG.",
        (UnsupportedMediaType, De) => "Die Datei ist kein JPEG- oder PNG-Bild ({detail}). Nehmen Sie ein Foto auf oder wählen Sie eine JPEG- oder PNG-Datei.",
        (UnsupportedMediaType, Th) => "ไฟล์นี้ไม่ใช่รูปภาพ JPEG หรือ PNG ({detail}) โปรดถ่ายรูปหรือเลือกไฟล์ JPEG หรือ PNG",
        (UnsupportedMediaType, Ja) => "ファイルがJPEGまたはPNG画像ではありません（{detail}）。写真を撮るか、JPEGまたはPNGファイルを選択してください。",
        (UnsupportedMediaType, Zh) => "该文件不是 JPEG 或 PNG 图像（{detail}）。请拍照或选择 JPEG 或 PNG 文件。",
        (UnsupportedMediaType, Id) => "File ini bukan gambar JPEG atau PNG ({detail}). Ambil foto atau pilih file JPEG atau PNG.",
        (UnsupportedMediaType, Vi) => "Tệp này không phải ảnh JPEG hoặc PNG ({detail}). Hãy chụp ảnh hoặc chọn tệp JPEG hoặc PNG.",
        (UnsupportedMediaType, Ar) => "الملف ليس صورة JPEG أو PNG ({detail}). التقط صورة أو اختر ملف JPEG أو PNG.",

        (CorruptImage, En) => "The image is damaged or incomplete ({detail}). Take the photo again or choose another file.",
        (CorruptImage, Es) => "La imagen está dañada o incompleta ({detail}). Tome la foto de nuevo o elija otro archivo.",
        (CorruptImage, Fr) => "L'image est endommagée ou incomplète ({detail}). Reprenez la photo ou choisissez un autre fichier.",
        (CorruptImage, De) => "Das Bild ist beschädigt oder unvollständig ({detail}). Nehmen Sie das Foto erneut auf oder wählen Sie eine andere Datei.",
        (CorruptImage, Th) => "รูปภาพเสียหายหรือไม่สมบูรณ์ ({detail}) โปรดถ่ายรูปใหม่หรือเลือกไฟล์อื่น",
        (CorruptImage, Ja) => "画像が破損しているか不完全です（{detail}）。撮り直すか、別のファイルを選択してください。",
        (CorruptImage, Zh) => "图像已损坏或不完整（{detail}）。请重新拍摄或选择其他文件。",
        (CorruptImage, Id) => "Gambar rusak atau tidak lengkap ({detail}). Ambil ulang foto atau pilih file lain.",
        (CorruptImage, Vi) => "Ảnh bị hỏng hoặc không đầy đủ ({detail}). Hãy chụp lại hoặc chọn tệp khác.",
        (CorruptImage, Ar) => "الصورة تالفة أو غير مكتملة ({detail}). التقط الصورة من جديد أو اختر ملفًا آخر.",

        (ImageTooLarge, En) => "The image is too large ({detail}). Use a photo of at most 10000 pixels a side and 40 megapixels.",
        (ImageTooLarge, Es) => "La imagen es demasiado grande ({detail}). Use una foto de como máximo 10000 píxeles por lado y 40 megapíxeles.",
        (ImageTooLarge, Fr) => "L'image est trop grande ({detail}). Utilisez une photo d'au plus 10000 pixels de côté et 40 mégapixels.",
        (ImageTooLarge, De) => "Das Bild ist zu groß ({detail}). Verwenden Sie ein Foto mit höchstens 10000 Pixeln je Seite und 40 Megapixeln.",
        (ImageTooLarge, Th) => "รูปภาพใหญ่เกินไป ({detail}) โปรดใช้รูปที่แต่ละด้านไม่เกิน 10000 พิกเซลและไม่เกิน 40 ล้านพิกเซล",
        (ImageTooLarge, Ja) => "画像が大きすぎます（{detail}）。一辺10000ピクセル以下、4000万画素以下の写真を使用してください。",
        (ImageTooLarge, Zh) => "图像太大（{detail}）。请使用每边不超过 10000 像素、总计不超过 4000 万像素的照片。",
        (ImageTooLarge, Id) => "Gambar terlalu besar ({detail}). Gunakan foto maksimal 10000 piksel per sisi dan 40 megapiksel.",
        (ImageTooLarge, Vi) => "Ảnh quá lớn ({detail}). Hãy dùng ảnh tối đa 10000 điểm ảnh mỗi cạnh và 40 megapixel.",
        (ImageTooLarge, Ar) => "الصورة كبيرة جدًا ({detail}). استخدم صورة لا يتجاوز كل ضلع فيها 10000 بكسل ولا يتجاوز مجموعها 40 ميغابكسل.",

        (PayloadTooLarge, En) => "The request is too big ({detail}). Send a smaller image.",
        (PayloadTooLarge, Es) => "La solicitud es demasiado grande ({detail}). Envíe una imagen más pequeña.",
        (PayloadTooLarge, Fr) => "La requête est trop volumineuse ({detail}). Envoyez une image plus petite.",
        (PayloadTooLarge, De) => "Die Anfrage ist zu groß ({detail}). Senden Sie ein kleineres Bild.",
        (PayloadTooLarge, Th) => "คำขอมีขนาดใหญ่เกินไป ({detail}) โปรดส่งรูปภาพที่เล็กลง",
        (PayloadTooLarge, Ja) => "リクエストが大きすぎます（{detail}）。もっと小さい画像を送信してください。",
        (PayloadTooLarge, Zh) => "请求过大（{detail}）。请发送更小的图像。",
        (PayloadTooLarge, Id) => "Permintaan terlalu besar ({detail}). Kirim gambar yang lebih kecil.",
        (PayloadTooLarge, Vi) => "Yêu cầu quá lớn ({detail}). Hãy gửi ảnh nhỏ hơn.",
        (PayloadTooLarge, Ar) => "الطلب كبير جدًا ({detail}). أرسل صورة أصغر.",

        (DocumentNotUploaded, En) => "There is no uploaded image for {detail} yet. Upload the image first, then send its details.",
        (DocumentNotUploaded, Es) => "Aún no hay imagen subida para {detail}. Suba primero la imagen y después envíe sus datos.",
        (DocumentNotUploaded, Fr) => "Aucune image n'a encore été envoyée pour {detail}. Envoyez d'abord l'image, puis ses informations.",
        (DocumentNotUploaded, De) => "Für {detail} wurde noch kein Bild hochgeladen. Laden Sie zuerst das Bild hoch und senden Sie dann die Angaben.",
        (DocumentNotUploaded, Th) => "ยังไม่มีรูปภาพที่อัปโหลดสำหรับ {detail} โปรดอัปโหลดรูปภาพก่อน แล้วจึงส่งรายละเอียด",
        (DocumentNotUploaded, Ja) => "{detail} の画像はまだアップロードされていません。先に画像をアップロードしてから、内容を送信してください。",
        (DocumentNotUploaded, Zh) => "{detail} 尚未上传图像。请先上传图像，再发送其信息。",
        (DocumentNotUploaded, Id) => "Belum ada gambar yang diunggah untuk {detail}. Unggah gambarnya dulu, lalu kirim datanya.",
        (DocumentNotUploaded, Vi) => "Chưa có ảnh nào được tải lên cho {detail}. Hãy tải ảnh lên trước, rồi gửi thông tin.",
        (DocumentNotUploaded, Ar) => "لا توجد صورة مرفوعة لـ {detail} بعد. ارفع الصورة أولًا، ثم أرسل بياناتها.",

        (InvalidField, En) => "A field has a value that cannot be accepted: {detail}.",
        (InvalidField, Es) => "Un campo tiene un valor no aceptable: {detail}.",
        (InvalidField, Fr) => "Un champ a une valeur qui ne peut pas être acceptée : {detail}.",
        (InvalidField, De) => "Ein Feld hat einen Wert, der nicht akzeptiert werden kann: {detail}.",
        (InvalidField, Th) => "มีช่องที่มีค่าที่ไม่สามารถยอมรับได้: {detail}",
        (InvalidField, Ja) => "受け付けられない値の項目があります：{detail}。",
        (InvalidField, Zh) => "有字段的值无法接受：{detail}。",
        (InvalidField, Id) => "Ada kolom dengan nilai yang tidak bisa diterima: {detail}.",
        (InvalidField, Vi) => "Có trường chứa giá trị không thể chấp nhận: {detail}.",
        (InvalidField, Ar) => "يحتوي أحد الحقول على قيمة لا يمكن قبولها: {detail}.",

        (IdempotencyConflict, En) => "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        (IdempotencyConflict, Es) => "Esta Idempotency-Key ya se usó para otra solicitud. Use una clave nueva para cada solicitud nueva.",
        (IdempotencyConflict, Fr) => "Cette Idempotency-Key a déjà servi pour une autre requête. Utilisez une nouvelle clé pour chaque nouvelle requête.",
        (IdempotencyConflict, De) => "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet. Verwenden Sie für jede neue Anfrage einen neuen Schlüssel.",
        (IdempotencyConflict, Th) => "Idempotency-Key นี้ถูกใช้กับคำขออื่นแล้ว โปรดใช้คีย์ใหม่สำหรับคำขอใหม่",
        (IdempotencyConflict, Ja) => "このIdempotency-Keyは別のリクエストで使用済みです。新しいリクエストには新しいキーを使用してください。",
        (IdempotencyConflict, Zh) => "此 Idempotency-Key 已用于其他请求。新请求请使用新的键。",
        (IdempotencyConflict, Id) => "Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan baru.",
        (IdempotencyConflict, Vi) => "Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho yêu cầu mới.",
        (IdempotencyConflict, Ar) => "استُخدم مفتاح Idempotency-Key هذا لطلب آخر. استخدم مفتاحًا جديدًا لكل طلب جديد.",

        (InvalidIdempotencyKey, En) => "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
        (InvalidIdempotencyKey, Es) => "La cabecera Idempotency-Key debe tener de 1 a 255 caracteres ASCII visibles.",
        (InvalidIdempotencyKey, Fr) => "L'en-tête Idempotency-Key doit contenir de 1 à 255 caractères ASCII visibles.",
        (InvalidIdempotencyKey, De) => "Der Header Idempotency-Key muss aus 1 bis 255 sichtbaren ASCII-Zeichen bestehen.",
        (InvalidIdempotencyKey, Th) => "ส่วนหัว Idempotency-Key ต้องเป็นอักขระ ASCII ที่มองเห็นได้ 1 ถึง 255 ตัว",
        (InvalidIdempotencyKey, Ja) => "Idempotency-Key ヘッダーは、表示可能なASCII文字1～255文字で指定してください。",
        (InvalidIdempotencyKey, Zh) => "Idempotency-Key 标头必须是 1 到 255 个可见 ASCII 字符。",
        (InvalidIdempotencyKey, Id) => "Header Idempotency-Key harus berisi 1 sampai 255 karakter ASCII yang terlihat.",
        (InvalidIdempotencyKey, Vi) => "Tiêu đề Idempotency-Key phải gồm 1 đến 255 ký tự ASCII hiển thị được.",
        (InvalidIdempotencyKey, Ar) => "يجب أن يتكوّن ترويسة Idempotency-Key من 1 إلى 255 حرف ASCII مرئي.",

        (NotFound, En) => "There is nothing at this address. Check the API base URL and the endpoint name.",
        (NotFound, Es) => "No hay nada en esta dirección. Compruebe la URL base de la API y el nombre del endpoint.",
        (NotFound, Fr) => "Il n'y a rien à cette adresse. Vérifiez l'URL de base de l'API et le nom du point d'accès.",
        (NotFound, De) => "Unter dieser Adresse gibt es nichts. Prüfen Sie die Basis-URL der API und den Namen des Endpunkts.",
        (NotFound, Th) => "ไม่พบสิ่งใดที่ที่อยู่นี้ โปรดตรวจสอบ URL หลักของ API และชื่อปลายทาง",
        (NotFound, Ja) => "このアドレスには何もありません。APIのベースURLとエンドポイント名を確認してください。",
        (NotFound, Zh) => "此地址没有内容。请检查 API 基础 URL 和端点名称。",
        (NotFound, Id) => "Tidak ada apa pun di alamat ini. Periksa URL dasar API dan nama endpoint.",
        (NotFound, Vi) => "Không có gì ở địa chỉ này. Hãy kiểm tra URL gốc của API và tên endpoint.",
        (NotFound, Ar) => "لا يوجد شيء في هذا العنوان. تحقّق من عنوان URL الأساسي للواجهة واسم نقطة الوصول.",

        (MethodNotAllowed, En) => "This endpoint does not accept that HTTP method. Check the API documentation.",
        (MethodNotAllowed, Es) => "Este endpoint no acepta ese método HTTP. Consulte la documentación de la API.",
        (MethodNotAllowed, Fr) => "Ce point d'accès n'accepte pas cette méthode HTTP. Consultez la documentation de l'API.",
        (MethodNotAllowed, De) => "Dieser Endpunkt akzeptiert diese HTTP-Methode nicht. Lesen Sie die API-Dokumentation.",
        (MethodNotAllowed, Th) => "ปลายทางนี้ไม่รองรับเมธอด HTTP นี้ โปรดดูเอกสาร API",
        (MethodNotAllowed, Ja) => "このエンドポイントはそのHTTPメソッドを受け付けません。APIドキュメントを確認してください。",
        (MethodNotAllowed, Zh) => "此端点不接受该 HTTP 方法。请查看 API 文档。",
        (MethodNotAllowed, Id) => "Endpoint ini tidak menerima metode HTTP tersebut. Periksa dokumentasi API.",
        (MethodNotAllowed, Vi) => "Endpoint này không chấp nhận phương thức HTTP đó. Hãy xem tài liệu API.",
        (MethodNotAllowed, Ar) => "لا تقبل نقطة الوصول هذه طريقة HTTP تلك. راجِع وثائق الواجهة.",

        (RequestTimeout, En) => "The request did not arrive in time. Check your connection and send it again.",
        (RequestTimeout, Es) => "La solicitud no llegó a tiempo. Compruebe su conexión y envíela de nuevo.",
        (RequestTimeout, Fr) => "La requête n'est pas arrivée à temps. Vérifiez votre connexion et renvoyez-la.",
        (RequestTimeout, De) => "Die Anfrage kam nicht rechtzeitig an. Prüfen Sie Ihre Verbindung und senden Sie sie erneut.",
        (RequestTimeout, Th) => "คำขอมาถึงไม่ทันเวลา โปรดตรวจสอบการเชื่อมต่อแล้วส่งอีกครั้ง",
        (RequestTimeout, Ja) => "リクエストが時間内に届きませんでした。接続を確認して、もう一度送信してください。",
        (RequestTimeout, Zh) => "请求未能及时到达。请检查网络连接后重新发送。",
        (RequestTimeout, Id) => "Permintaan tidak tiba tepat waktu. Periksa koneksi Anda dan kirim lagi.",
        (RequestTimeout, Vi) => "Yêu cầu không đến kịp thời. Hãy kiểm tra kết nối và gửi lại.",
        (RequestTimeout, Ar) => "لم يصل الطلب في الوقت المحدد. تحقّق من اتصالك وأرسله مرة أخرى.",
        (ImageTooComplex, En) => "The image is built in a way that is too costly to check ({detail}). Save it again as an ordinary JPEG or PNG, or take the photo again.",
        (ImageTooComplex, Es) => "La imagen está construida de una forma demasiado costosa de comprobar ({detail}). Guárdela de nuevo como JPEG o PNG normal, o repita la foto.",
        (ImageTooComplex, Fr) => "L'image est construite d'une façon trop coûteuse à vérifier ({detail}). Enregistrez-la à nouveau en JPEG ou PNG ordinaire, ou reprenez la photo.",
        (ImageTooComplex, De) => "Das Bild ist so aufgebaut, dass seine Prüfung zu aufwendig ist ({detail}). Speichern Sie es erneut als gewöhnliches JPEG oder PNG oder machen Sie das Foto neu.",
        (ImageTooComplex, Th) => "รูปภาพนี้ถูกสร้างในลักษณะที่ตรวจสอบได้ยากเกินไป ({detail}) โปรดบันทึกใหม่เป็น JPEG หรือ PNG ปกติ หรือถ่ายรูปใหม่",
        (ImageTooComplex, Ja) => "この画像は確認に手間がかかりすぎる形式で作られています（{detail}）。通常のJPEGまたはPNGとして保存し直すか、撮り直してください。",
        (ImageTooComplex, Zh) => "该图像的构造方式使检查代价过高（{detail}）。请重新保存为普通的 JPEG 或 PNG，或重新拍摄。",
        (ImageTooComplex, Id) => "Gambar ini dibuat dengan cara yang terlalu berat untuk diperiksa ({detail}). Simpan ulang sebagai JPEG atau PNG biasa, atau ambil foto lagi.",
        (ImageTooComplex, Vi) => "Ảnh được tạo theo cách quá tốn kém để kiểm tra ({detail}). Hãy lưu lại thành JPEG hoặc PNG thông thường, hoặc chụp lại.",
        (ImageTooComplex, Ar) => "الصورة مبنية بطريقة تجعل فحصها مكلفًا جدًا ({detail}). احفظها من جديد بصيغة JPEG أو PNG عادية، أو التقط الصورة مرة أخرى.",
        (LimitReached, En) => "This account already holds as many {detail} as the service keeps. Contact support to continue.",
        (LimitReached, Es) => "Esta cuenta ya tiene tantos {detail} como el servicio guarda. Contacte con soporte para continuar.",
        (LimitReached, Fr) => "Ce compte contient déjà autant de {detail} que le service en conserve. Contactez l'assistance pour continuer.",
        (LimitReached, De) => "Dieses Konto enthält bereits so viele {detail}, wie der Dienst aufbewahrt. Wenden Sie sich an den Support, um fortzufahren.",
        (LimitReached, Th) => "บัญชีนี้มี {detail} ครบตามจำนวนที่บริการเก็บได้แล้ว โปรดติดต่อฝ่ายสนับสนุนเพื่อดำเนินการต่อ",
        (LimitReached, Ja) => "このアカウントには、サービスが保持できる上限まで{detail}があります。続けるにはサポートにお問い合わせください。",
        (LimitReached, Zh) => "此账户中的{detail}已达到服务可保存的上限。请联系客服以继续。",
        (LimitReached, Id) => "Akun ini sudah menyimpan {detail} sebanyak batas layanan. Hubungi dukungan untuk melanjutkan.",
        (LimitReached, Vi) => "Tài khoản này đã có số {detail} tối đa mà dịch vụ lưu giữ. Hãy liên hệ bộ phận hỗ trợ để tiếp tục.",
        (LimitReached, Ar) => "يحتوي هذا الحساب بالفعل على الحد الأقصى من {detail} الذي تحتفظ به الخدمة. تواصل مع الدعم للمتابعة.",
        (Internal, En) => "Something went wrong on our side. Nothing you sent was lost; please try again in a moment.",
        (Internal, Es) => "Algo falló de nuestro lado. No se perdió nada de lo que envió; inténtelo de nuevo en un momento.",
        (Internal, Fr) => "Un problème est survenu de notre côté. Rien de ce que vous avez envoyé n'est perdu ; réessayez dans un instant.",
        (Internal, De) => "Bei uns ist etwas schiefgelaufen. Nichts von dem, was Sie gesendet haben, ging verloren; versuchen Sie es gleich noch einmal.",
        (Internal, Th) => "เกิดข้อผิดพลาดในระบบของเรา ข้อมูลที่คุณส่งไม่ได้สูญหาย โปรดลองอีกครั้งในอีกสักครู่",
        (Internal, Ja) => "こちら側で問題が発生しました。送信内容は失われていません。しばらくしてからもう一度お試しください。",
        (Internal, Zh) => "我们这边出了问题。您发送的内容没有丢失，请稍后重试。",
        (Internal, Id) => "Terjadi masalah di pihak kami. Tidak ada yang Anda kirim yang hilang; coba lagi sebentar lagi.",
        (Internal, Vi) => "Đã có lỗi từ phía chúng tôi. Không có gì bạn gửi bị mất; hãy thử lại sau giây lát.",
        (Internal, Ar) => "حدث خطأ من جهتنا. لم يضِع شيء ممّا أرسلته؛ أعد المحاولة بعد قليل.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        let check = |header: Option<&str>, expected: Lang| {
            assert_eq!(Lang::negotiate(header), expected, "Accept-Language: {header:?}");
        };
        check(None, Lang::En);
        check(Some("th"), Lang::Th);
        check(Some("es-MX,es;q=0.9,en;q=0.8"), Lang::Es);
        check(Some("ko, fr;q=0.5, de;q=0.7"), Lang::De);
        check(Some("zh-CN,zh;q=0.9"), Lang::Zh);
        check(Some("ar-EG"), Lang::Ar);
        check(Some("zz, *;q=0.1"), Lang::En);
        check(Some("fr;q=0, de"), Lang::De);
        check(Some("de-CH;q=abc, fr"), Lang::Fr);
    }
}
