# Report runs: queue time, requeue count and heartbeat (the sweep finds lost runs);
# the e-mail outbox (one row per notice).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportrun',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='tín hiệu xử lý gần nhất'),
        ),
        migrations.AddField(
            model_name='reportrun',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='đưa vào hàng đợi lúc'),
        ),
        migrations.AddField(
            model_name='reportrun',
            name='requeues',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='số lần xếp lại hàng đợi'),
        ),
        migrations.CreateModel(
            name='OutboxEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient', models.EmailField(max_length=254, verbose_name='người nhận')),
                ('subject', models.CharField(max_length=300, verbose_name='tiêu đề')),
                ('body', models.TextField(verbose_name='nội dung')),
                ('html', models.TextField(blank=True, verbose_name='nội dung HTML')),
                ('status', models.CharField(choices=[('pending', 'Chờ gửi'), ('sent', 'Đã gửi'), ('failed', 'Không gửi được')], default='pending', max_length=10, verbose_name='trạng thái')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='số lần gửi')),
                ('last_error', models.TextField(blank=True, verbose_name='lỗi lần gửi gần nhất')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='gửi lần tới lúc')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ngày tạo')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='đã gửi lúc')),
                ('notification', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='email', to='reporting.notification', verbose_name='thông báo')),
            ],
            options={
                'verbose_name': 'thư điện tử chờ gửi',
                'verbose_name_plural': 'thư điện tử chờ gửi',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['next_attempt_at'], name='outbox_pending_due')],
            },
        ),
    ]
