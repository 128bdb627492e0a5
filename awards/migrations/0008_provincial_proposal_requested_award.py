from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0007_certificate_layout_print_issuer'),
    ]

    operations = [
        migrations.AddField(
            model_name='provincialproposal',
            name='requested_award',
            field=models.CharField(blank=True, help_text='e.g. Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh; printed in the Tờ trình\'s request.', max_length=300, verbose_name='award asked for'),
        ),
        migrations.AddField(
            model_name='historicalprovincialproposal',
            name='requested_award',
            field=models.CharField(blank=True, help_text='e.g. Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh; printed in the Tờ trình\'s request.', max_length=300, verbose_name='award asked for'),
        ),
    ]
