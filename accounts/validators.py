from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    """Django's Vietnamese catalogue lacks this message; users must read why in Vietnamese."""

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return "Mật khẩu cần ít nhất %d ký tự." % self.min_length
