import { applicantTypeLongLabel, applicantTypes } from '../../domain/applicants.js';
import {
  deliveryMethodLabels,
  deliveryMethods,
  idTypeLabels,
  personalIdTypes,
  wantedFormLabels,
  wantedForms,
} from '../../domain/application.js';
import { type Errors, Field, Select, TextArea, type Values } from '../../web/ui.js';

// The fields of an application (条例 第二十九条第二款), shared by the public form and staff registration.

export const applicantLabels: Record<string, string> = {
  agencyId: '受理机关',
  applicantType: '申请人类型',
  name: '姓名或名称',
  contactPerson: '联系人',
  idType: '身份证件类型',
  idNumber: '证件号码或统一社会信用代码',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  description: '申请公开的政府信息',
  docRef: '文号或标题',
  wantedForm: '信息的形式',
  delivery: '获取方式',
  channel: '提交方式',
  receivedOn: '收到申请之日',
  note: '登记说明',
  oralConfirmed: '口头申请确认',
};

export function ApplicantFields({ values, errors }: { values: Values; errors: Errors }) {
  return (
    <>
      <fieldset class="group">
        <legend>申请人信息</legend>
        <Select
          name="applicantType"
          label={applicantLabels.applicantType!}
          values={values}
          errors={errors}
          required
          placeholder="请选择"
          options={applicantTypes.map((t) => [t, applicantTypeLongLabel(t)])}
          hint="法人或其他组织请选择所属类别，并以统一社会信用代码作为身份证明。"
        />
        <Field name="name" label={applicantLabels.name!} values={values} errors={errors} required maxLength={100} autocomplete="name" />
        <Field
          name="contactPerson"
          label={applicantLabels.contactPerson!}
          values={values}
          errors={errors}
          maxLength={50}
          hint="法人或其他组织填写经办人。"
        />
        <Select
          name="idType"
          label={applicantLabels.idType!}
          values={values}
          errors={errors}
          options={[...personalIdTypes.map((t) => [t, idTypeLabels[t]] as [string, string]), ['creditCode', idTypeLabels.creditCode]]}
          hint="自然人选择证件类型；法人或其他组织选择统一社会信用代码。"
        />
        <Field
          name="idNumber"
          label={applicantLabels.idNumber!}
          values={values}
          errors={errors}
          required
          maxLength={40}
          autocomplete="off"
          hint="居民身份证号码为18位，系统会核对校验位。"
        />
      </fieldset>
      <fieldset class="group">
        <legend>联系方式（至少填写一项）</legend>
        <Field
          name="phone"
          label={applicantLabels.phone!}
          type="tel"
          values={values}
          errors={errors}
          maxLength={40}
          autocomplete="tel"
          inputMode="tel"
        />
        <Field
          name="email"
          label={applicantLabels.email!}
          type="email"
          values={values}
          errors={errors}
          maxLength={200}
          autocomplete="email"
        />
        <Field
          name="address"
          label={applicantLabels.address!}
          values={values}
          errors={errors}
          maxLength={300}
          autocomplete="street-address"
        />
      </fieldset>
      <fieldset class="group">
        <legend>所需信息</legend>
        <TextArea
          name="description"
          label={applicantLabels.description!}
          values={values}
          errors={errors}
          required
          rows={5}
          maxLength={2000}
          hint="写明信息的名称，或便于查询的特征（时间、地点、事项等）。"
        />
        <Field
          name="docRef"
          label={applicantLabels.docRef!}
          values={values}
          errors={errors}
          maxLength={200}
          hint="知道文号或文件标题的请填写，如“示政发〔2024〕3号”。"
        />
        <Select
          name="wantedForm"
          label={applicantLabels.wantedForm!}
          values={values}
          errors={errors}
          required
          placeholder="请选择"
          options={wantedForms.map((f) => [f, wantedFormLabels[f]])}
        />
        <Select
          name="delivery"
          label={applicantLabels.delivery!}
          values={values}
          errors={errors}
          required
          placeholder="请选择"
          options={deliveryMethods.map((d) => [d, deliveryMethodLabels[d]])}
          hint="选择邮寄的请填写通信地址，选择电子邮件的请填写电子邮箱。"
        />
      </fieldset>
    </>
  );
}
