//! Image uploads (organization logos, profile images): a multipart `file` field, PNG/JPEG/WebP/GIF,
//! at most 1 MiB.

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::StatusCode;
use tessera_core::ErrorCode;

use crate::error::{FapiError, FapiResult};

/// Largest accepted image.
pub(crate) const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// Which image format the bytes are, by their magic numbers. A handful of fixed signatures: a
/// content-sniffing crate would bring far more than these four checks.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn invalid(long_message: &str) -> FapiError {
    FapiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ImageInvalid,
        "Invalid image",
        long_message,
    )
    .param("file")
}

/// Read the `file` field of a multipart upload: its bytes and content type, or `image_invalid`.
pub(crate) async fn read_upload(mut multipart: Multipart) -> FapiResult<(Bytes, &'static str)> {
    let mut file: Option<Bytes> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| invalid("The upload could not be read as multipart form data."))?
    {
        if field.name() == Some("file") {
            file = Some(
                field
                    .bytes()
                    .await
                    .map_err(|_| invalid("The upload is too large or was interrupted."))?,
            );
        }
    }
    let bytes = file.ok_or_else(|| FapiError::param_missing("file"))?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(invalid("The image must be at most 1 MB."));
    }
    let content_type = image_type(&bytes)
        .ok_or_else(|| invalid("The image must be a PNG, JPEG, WebP or GIF file."))?;
    Ok((bytes, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_four_formats_only() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg xmlns=..."), None);
        assert_eq!(image_type(b""), None);
    }
}
