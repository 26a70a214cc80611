from django.contrib.auth import authenticate, user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from residential_areas.api import UnitBriefSerializer

from . import services
from .lockout import lockout_message
from .models import UnitRole
from .otp import device_for, otp_required

BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai, tài khoản sẽ bị tạm khóa."
OTP_MISSING = "Tài khoản này cần mã xác thực hai lớp (trường otp)."
OTP_WRONG = "Mã xác thực hai lớp không đúng."
OTP_NOT_SET_UP = "Tài khoản này cần xác thực hai lớp nhưng chưa cài ứng dụng xác thực: hãy đăng nhập trang web một lần để quét mã QR, rồi lấy token."


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.RegexField(r"^\d{6}$", required=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi kèm mỗi yêu cầu: Authorization: Token <token>")
    expiry = serializers.DateTimeField(help_text="Hết hạn lúc (12 giờ sau khi cấp)")


class TokenLoginView(APIView):
    """Token login through the same backends as the login page: django-axes counts failures
    and locks the account after five; roles that need the second factor must give their TOTP
    code. The token is stored hashed, expires (REST_KNOX's TOKEN_TTL) and is revoked when the
    password, the roles or the device change (accounts/signals.py)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenLoginSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Sai thông tin đăng nhập"),
            429: OpenApiResponse(description="Tài khoản bị tạm khóa"),
        },
        summary="Lấy token API",
        description="Đăng nhập bằng tên đăng nhập, mật khẩu và, với tài khoản cấp tỉnh, mã xác "
        "thực hai lớp (otp: 6 chữ số trong ứng dụng xác thực). Trả về token (gửi kèm mỗi yêu cầu: "
        "Authorization: Token <token>) và thời điểm hết hạn (12 giờ). Sai 5 lần thì tài khoản bị "
        "tạm khóa (mã 429).",
    )
    def post(self, request):
        data = TokenLoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        # the lockout's cool-off reads the username from the request (accounts/lockout.py); a
        # JSON body is not in request.POST
        request._request.login_username = username
        user = authenticate(
            request._request, username=username, password=data.validated_data["password"]
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": lockout_message(username)}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if user is None:
            return Response({"detail": BAD_LOGIN}, status=status.HTTP_400_BAD_REQUEST)
        if otp_required(user):
            code = data.validated_data.get("otp")
            device = device_for(user)
            if not code:
                return Response({"detail": OTP_MISSING}, status=status.HTTP_400_BAD_REQUEST)
            if device is None or not device.confirmed:
                return Response({"detail": OTP_NOT_SET_UP}, status=status.HTTP_400_BAD_REQUEST)
            if not device.verify_token(code):
                return Response({"detail": OTP_WRONG}, status=status.HTTP_400_BAD_REQUEST)
        instance, token = services.token_issue(user=user)
        # as the login page: django-axes clears the failures, last_login is set
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class RoleSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    unit = UnitBriefSerializer(
        help_text="Đơn vị của vai trò; vai trò xem được đơn vị này và cây con"
    )

    class Meta:
        model = UnitRole
        fields = ["role", "role_display", "unit"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    roles = RoleSerializer(many=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="Người dùng hiện tại và các vai trò")
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.get_full_name(),
            "email": user.email,
            "roles": user.unit_roles.select_related("unit").order_by("unit__path"),
        }
        return Response(MeSerializer(data).data)
