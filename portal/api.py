from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import UnitRole


class RoleSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = UnitRole
        fields = ["role", "role_display", "unit", "unit_name"]


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
